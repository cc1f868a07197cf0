// Request validation with Laravel's 422 shape: {"message": first error (+ " (and N more errors)"),
// "errors": {"field": ["..."]}}, nested keys as Laravel writes them ("content.3.quantity").
// zod checks the shapes; messages carry ":attribute", replaced by Laravel's displayable name.

import { z } from "zod";
import { TIMING_INTERVALS, type TimingInterval } from "../../src/claret/types";

export type FieldErrors = Record<string, string[]>;

export interface LaravelValidationBody {
  message: string;
  errors: FieldErrors;
}

export function laravelBody(errors: FieldErrors): LaravelValidationBody {
  const all = Object.values(errors).flat();
  const more = all.length - 1;
  const message = more > 0 ? `${all[0]} (and ${more} more error${more === 1 ? "" : "s"})` : all[0];
  return { message, errors };
}

export function addError(errors: FieldErrors, key: string, message: string): void {
  (errors[key] ??= []).push(message.replace(":attribute", displayable(key)));
}

/** Laravel shows an attribute with underscores as spaces: "content.0.item name", "start date". */
function displayable(key: string): string {
  return key.replace(/_/g, " ");
}

const REQUIRED = "The :attribute field is required.";
const isMissing = (v: unknown) => v === undefined || v === null || v === "";

/** A zod error map: missing → "required", otherwise the given message. */
const typed = (message: string) => ({
  error: (iss: { input?: unknown }) => (isMissing(iss.input) ? REQUIRED : message),
});

function collect(errors: FieldErrors, issues: z.core.$ZodIssue[], prefix: string[] = []): void {
  for (const iss of issues) {
    addError(errors, [...prefix, ...iss.path.map(String)].join("."), iss.message);
  }
}

// ---- tokens/create ----

const tokenQuery = z.object({
  email: z.string(typed("")).min(1, REQUIRED),
  password: z.string(typed("")).min(1, REQUIRED),
});

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

export function validateTokenQuery(
  q: Record<string, string>
): Checked<{ email: string; password: string }> {
  const r = tokenQuery.safeParse(q);
  if (r.success) return { ok: true, value: r.data };
  const errors: FieldErrors = {};
  collect(errors, r.error.issues);
  return { ok: false, errors };
}

// ---- GET /sales ----

const integerString = (min: number) =>
  z
    .string(typed("The :attribute field must be an integer."))
    .min(1, REQUIRED)
    .regex(/^-?\d+$/, { error: "The :attribute field must be an integer.", abort: true })
    .refine((s) => Number(s) >= min, `The :attribute field must be at least ${min}.`);

const salesQuery = z.object({
  sale_type_name: z.string(typed("The :attribute field must be a string.")).min(1, REQUIRED),
  start_date: z
    .string(typed(""))
    .min(1, REQUIRED)
    .pipe(z.iso.date("The :attribute field must match the format Y-m-d.")),
  duration: integerString(0),
  // Laravel's boolean rule: true, false, 1, 0, "1", "0" — a query string can only say "1" or "0"
  include_flattened_hierarchy: z
    .enum(["0", "1"], "The :attribute field must be true or false.")
    .optional(),
  current_index: integerString(0).optional(),
});

export interface SalesQueryParams {
  saleTypeName: string;
  startDate: string;
  durationDays: number;
  includeHierarchy: boolean;
  currentIndex: number;
}

export function validateSalesQuery(q: Record<string, string>): Checked<SalesQueryParams> {
  const r = salesQuery.safeParse(q);
  if (!r.success) {
    const errors: FieldErrors = {};
    collect(errors, r.error.issues);
    return { ok: false, errors };
  }
  const value: SalesQueryParams = {
    saleTypeName: r.data.sale_type_name,
    startDate: r.data.start_date,
    durationDays: Number(r.data.duration),
    includeHierarchy: r.data.include_flattened_hierarchy === "1",
    currentIndex: r.data.current_index === undefined ? 0 : Number(r.data.current_index),
  };
  return { ok: true, value };
}

/** start + days, both YYYY-MM-DD, in UTC day arithmetic (no local-time DST surprises). */
export function addDays(isoDate: string, days: number): string {
  const ms = Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000;
  const max = Date.parse("9999-12-31T00:00:00Z");
  return new Date(Math.min(ms, max)).toISOString().slice(0, 10);
}

// ---- POST /sales ----

const postArguments = z.object(
  {
    sale_type_name: z.string(typed("The :attribute field must be a string.")).min(1, REQUIRED),
    create_missing_item_customer_group: z
      .union(
        [z.literal(0), z.literal(1), z.literal("0"), z.literal("1"), z.boolean()],
        "The :attribute field must be true or false."
      )
      .optional(),
  },
  typed("The :attribute field must be an array.")
);

const contentItem = z.object(
  {
    item_name: z.string(typed("The :attribute field must be a string.")).min(1, REQUIRED),
    customer_group_name: z.string(typed("The :attribute field must be a string.")).min(1, REQUIRED),
    sell_date: z
      .string(typed("The :attribute field must be a string."))
      .min(1, REQUIRED)
      .pipe(z.iso.date("The :attribute field must match the format Y-m-d.")),
    timing_interval_name: z
      .string(typed("The :attribute field must be a string."))
      .min(1, REQUIRED)
      .pipe(
        z.enum(
          TIMING_INTERVALS,
          `The selected :attribute is invalid (one of ${TIMING_INTERVALS.join(", ")}).`
        )
      ),
    // JSON has no NaN or Infinity; zod's number() rejects non-finite values anyway
    quantity: z.number(typed("The :attribute field must be a number.")),
  },
  typed("The :attribute field must be an array.")
);

export const MAX_POST_RECORDS = 1000;

export interface PostContent {
  item_name: string;
  customer_group_name: string;
  sell_date: string;
  timing_interval_name: TimingInterval;
  quantity: number;
}

export interface PostBody {
  saleTypeName: string;
  createMissingLinks: boolean;
  /** index in the request → validated record; records with shape errors are left out */
  content: Array<{ index: number; record: PostContent }>;
}

/** The names a content object gives, whatever else is wrong with it (for the "unknown name" checks). */
export interface ContentNames {
  index: number;
  item_name?: string;
  customer_group_name?: string;
}

/**
 * Shape validation of a POST /sales body. Returns the errors found so far and the records that
 * passed, so the caller can add the checks that need the store (unknown names, links) and still
 * answer every problem in one 422.
 */
export function validatePostBody(body: unknown): {
  errors: FieldErrors;
  parsed: PostBody | null;
  names: ContentNames[];
} {
  const errors: FieldErrors = {};
  const obj = (
    typeof body === "object" && body !== null && !Array.isArray(body) ? body : {}
  ) as Record<string, unknown>;

  const args = postArguments.safeParse(obj.arguments);
  if (!args.success) collect(errors, args.error.issues, ["arguments"]);

  const content: PostBody["content"] = [];
  const names: ContentNames[] = [];
  const raw = obj.content;
  if (isMissing(raw) || (Array.isArray(raw) && raw.length === 0)) {
    addError(errors, "content", REQUIRED);
  } else if (!Array.isArray(raw)) {
    addError(errors, "content", "The :attribute field must be an array.");
  } else if (raw.length > MAX_POST_RECORDS) {
    addError(
      errors,
      "content",
      `The :attribute field must not have more than ${MAX_POST_RECORDS} items (got ${raw.length}); send at most ${MAX_POST_RECORDS} records per request.`
    );
  } else {
    raw.forEach((item, index) => {
      const o = (typeof item === "object" && item !== null ? item : {}) as Record<string, unknown>;
      names.push({
        index,
        item_name: typeof o.item_name === "string" && o.item_name !== "" ? o.item_name : undefined,
        customer_group_name:
          typeof o.customer_group_name === "string" && o.customer_group_name !== ""
            ? o.customer_group_name
            : undefined,
      });
      const r = contentItem.safeParse(item);
      if (r.success) content.push({ index, record: r.data });
      else collect(errors, r.error.issues, ["content", String(index)]);
    });
  }

  if (!args.success) return { errors, parsed: null, names };
  const flag = args.data.create_missing_item_customer_group;
  return {
    errors,
    names,
    parsed: {
      saleTypeName: args.data.sale_type_name,
      createMissingLinks: flag === 1 || flag === "1" || flag === true,
      content,
    },
  };
}
