// Sign-in: POST tokens/create with email and password as query parameters (as Claret's docs say).
// Retried only after 429: the contract allows no other silent POST retry, and a failed sign-in is
// cheap for the planner to repeat by hand while a doubled POST is not always harmless.

import { apiUrl, validateEndpoint } from "./endpoint";
import { ClaretInputError, ClaretRateLimitedError } from "./errors";
import { claretFetch, type RequestOptions } from "./http";
import { resolvePolicy, withRetry, type RetryNotice, type RetryPolicy } from "./retry";
import { parseEnvelope, tokenResponseSchema } from "./schemas";
import type { ClaretEndpoint, ClaretSession } from "./types";

export interface CreateTokenOptions extends RequestOptions {
  retry?: Partial<RetryPolicy>;
  onRetry?: (notice: RetryNotice) => void;
}

export async function createToken(
  endpoint: ClaretEndpoint,
  email: string,
  password: string,
  opts: CreateTokenOptions = {}
): Promise<ClaretSession> {
  const ep = validateEndpoint(endpoint);
  const mail = email.trim();
  if (mail === "")
    throw new ClaretInputError("email", "Enter the email address you sign in to Claret with.");
  if (password === "") throw new ClaretInputError("password", "Enter your Claret password.");
  const url = apiUrl(ep, "tokens/create", { email: mail, password });
  const body = await withRetry(
    () => claretFetch({ method: "POST", url, endpoint: ep, action: "sign-in" }, opts),
    {
      policy: resolvePolicy(opts.retry),
      signal: opts.signal,
      shouldRetry: (e) => e instanceof ClaretRateLimitedError,
      onRetry: opts.onRetry,
    }
  );
  const { token } = parseEnvelope(tokenResponseSchema, body, "a sign-in answer");
  return { ...ep, token, email: mail };
}
