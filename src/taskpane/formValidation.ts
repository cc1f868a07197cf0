// What the task pane's forms check before any request, each message naming the field and what to do.
// Pure functions, so the rules are tested without a browser. Tenant, API base URL and dates are checked by
// the Claret client's own rules (workflows/inputRules.ts), so the form never accepts what the client refuses.
// date-fns' ISO helpers, not parse()/format(): those pull in the locale machinery (~20 kB) for nothing.
import { addDays, formatISO, parseISO } from "date-fns";
import { formatCount, type ClaretEndpoint, type SalesQuery } from "../workflows/api";
import { checkEndpoint, isIsoDate } from "../workflows/inputRules";

export const SALE_TYPE_SUGGESTIONS = ["History", "Forecast", "Budget"] as const;
/** Ten years of days: Claret has no documented limit, this keeps a typo (36500) from pulling a century. */
export const MAX_DURATION_DAYS = 3660;

export type FieldErrors<K extends string> = Partial<Record<K, string>>;

export interface SignInValues {
  tenant: string;
  email: string;
  password: string;
  baseUrl: string;
}

export interface PullValues {
  saleType: string;
  /** the start date as typed or picked, YYYY-MM-DD */
  startDate: string;
  duration: string;
  includeHierarchy: boolean;
}

/** Parses a strict YYYY-MM-DD real date (the client's rule, isIsoDate) as a local calendar day, or null. */
export function parseIsoDate(text: string): Date | null {
  const trimmed = text.trim();
  return isIsoDate(trimmed) ? parseISO(trimmed) : null;
}

export function formatIsoDate(date: Date): string {
  return formatISO(date, { representation: "date" });
}

function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const days = Number(trimmed);
  return days <= MAX_DURATION_DAYS ? days : null;
}

/**
 * The last day the window includes: Claret counts both ends, so 2022-06-01 + 600 days is
 * "through 2024-01-22". Null while the start date or duration is not valid yet.
 */
export function inclusiveEndDate(startDate: string, duration: string): string | null {
  const start = parseIsoDate(startDate);
  const days = parseDuration(duration);
  if (!start || days === null) return null;
  return formatIsoDate(addDays(start, days));
}

export function validatePull(values: PullValues): {
  errors: FieldErrors<keyof PullValues>;
  query: SalesQuery | null;
} {
  const errors: FieldErrors<keyof PullValues> = {};
  const saleTypeName = values.saleType.trim();
  if (!saleTypeName)
    errors.saleType = "Enter a sale type, for example History, Forecast or Budget.";
  const start = parseIsoDate(values.startDate);
  if (!start) {
    errors.startDate = values.startDate.trim()
      ? `"${values.startDate.trim()}" is not a date. Enter the start date as YYYY-MM-DD, for example 2022-06-01.`
      : "Enter the start date as YYYY-MM-DD, for example 2022-06-01.";
  }
  const durationDays = parseDuration(values.duration);
  if (durationDays === null) {
    errors.duration = `Enter the duration as a whole number of days from 0 to ${formatCount(MAX_DURATION_DAYS)}.`;
  }
  if (Object.keys(errors).length > 0 || !start || durationDays === null)
    return { errors, query: null };
  return {
    errors,
    query: {
      saleTypeName,
      startDate: formatIsoDate(start),
      durationDays,
      includeHierarchy: values.includeHierarchy,
    },
  };
}

/** The sign-in form's checks: tenant and API base URL by the client's own rules (checkEndpoint), then email and password. */
export function validateSignIn(values: SignInValues): {
  errors: FieldErrors<keyof SignInValues>;
  endpoint: ClaretEndpoint | null;
} {
  const { endpoint, problems } = checkEndpoint({ tenant: values.tenant, baseUrl: values.baseUrl });
  const errors: FieldErrors<keyof SignInValues> = { ...problems };
  const email = values.email.trim();
  if (!email) errors.email = "Enter the email address you sign in to Claret with.";
  else if (!/^[^\s@]+@[^\s@]+$/.test(email)) errors.email = `"${email}" is not an email address.`;
  if (!values.password) errors.password = "Enter your Claret password.";
  if (Object.keys(errors).length > 0 || !endpoint) return { errors, endpoint: null };
  return { errors, endpoint };
}
