// The checks the pane's forms make before any request are the very functions the Claret client applies
// to what it sends (src/claret), reached here because the UI imports only workflows. So the form and
// the client never disagree, and a wrong value gets one message whichever path meets it first.
import { validateBaseUrl, validateTenant } from "../claret/endpoint";
import { ClaretInputError } from "../claret/errors";
import type { ClaretEndpoint } from "./api";

export { hasIsoDateShape, isIsoDate } from "../claret/isoDate";

export type EndpointField = "tenant" | "baseUrl";

/** The endpoint as the client will use it (trimmed, no trailing slash), or the client's message per field. */
export function checkEndpoint(endpoint: ClaretEndpoint): {
  endpoint: ClaretEndpoint | null;
  problems: Partial<Record<EndpointField, string>>;
} {
  const problems: Partial<Record<EndpointField, string>> = {};
  const attempt = (field: EndpointField, check: () => string): string | null => {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof ClaretInputError)) throw error;
      problems[field] = error.userMessage;
      return null;
    }
  };
  const tenant = attempt("tenant", () => validateTenant(endpoint.tenant));
  const baseUrl = attempt("baseUrl", () => validateBaseUrl(endpoint.baseUrl));
  return { endpoint: tenant !== null && baseUrl !== null ? { tenant, baseUrl } : null, problems };
}
