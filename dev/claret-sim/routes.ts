// The Claret API's answers (../../../shared/claret-api.md), as plain replies: no sockets, CORS,
// latency or faults here (server.ts adds those).

import type { SalesStore, UpsertInput } from "./store";
import { PER_PAGE } from "./store";
import type { TokenRegistry } from "./tokens";
import {
  addDays,
  addError,
  laravelBody,
  validatePostBody,
  validateSalesQuery,
  validateTokenQuery,
  type FieldErrors,
} from "./validation";

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
  };
}

export function html(status: number, body: string, headers: Record<string, string> = {}): Reply {
  return { status, headers: { "Content-Type": "text/html; charset=UTF-8", ...headers }, body };
}

/** 422 in Laravel's shape. */
export function unprocessable(errors: FieldErrors): Reply {
  return json(422, laravelBody(errors));
}

/**
 * An auth failure: JSON 401 for XHR callers (X-Requested-With: XMLHttpRequest), otherwise the
 * HTML redirect to the login page a browser would get.
 */
export function unauthenticated(tenant: string, xhr: boolean): Reply {
  if (xhr) return json(401, { message: "Unauthenticated." });
  const to = `/${tenant}/login`;
  return html(
    302,
    `<!DOCTYPE html>\n<html>\n    <head>\n        <meta charset="UTF-8" />\n        <meta http-equiv="refresh" content="0;url='${to}'" />\n\n        <title>Redirecting to ${to}</title>\n    </head>\n    <body>\n        Redirecting to <a href="${to}">${to}</a>.\n    </body>\n</html>`,
    { Location: to }
  );
}

export function loginPage(tenant: string): Reply {
  return html(
    200,
    `<!DOCTYPE html>\n<html><head><title>Claret — ${tenant} — Log in</title></head><body><h1>Log in to ${tenant}</h1><p>(Claret simulator: sign in through the API.)</p></body></html>`
  );
}

export function createToken(
  tokens: TokenRegistry,
  tenant: string,
  logins: ReadonlyArray<{ email: string; password: string }>,
  query: Record<string, string>
): Reply {
  const checked = validateTokenQuery(query);
  if (!checked.ok) return unprocessable(checked.errors);
  const q = checked.value;
  const known = logins.some(
    (l) => q.email.toLowerCase() === l.email.toLowerCase() && q.password === l.password
  );
  if (!known) {
    const message = "These credentials do not match our records.";
    return json(422, { message, errors: { email: [message] } });
  }
  return json(200, { token: tokens.issue(tenant) });
}

/** What faults can change in a GET /sales answer (see README, Faults). */
export interface SalesAnswerFaults {
  /** next_index = the current_index asked with */
  repeatCursor?: boolean;
  /** next_index = current_index - 1 (0 on the first page, where nothing lies behind it) */
  cursorBackwards?: boolean;
  /** the page's records are left out; next_index stays as it was (current_index + 1 on the last page) */
  emptyPageWithNext?: boolean;
  /** an off-by-one keyset, id >= current_index: each page after the first starts with the previous page's last record */
  duplicateRecord?: boolean;
  lyingTotal?: number;
  /** the answer ends with a nested object whose own next_index (current_index + 1) is not the page's */
  decoyNextIndex?: boolean;
}

export function getSales(
  store: SalesStore,
  query: Record<string, string>,
  faults: SalesAnswerFaults = {}
): Reply {
  const checked = validateSalesQuery(query);
  if (!checked.ok) return unprocessable(checked.errors);
  const q = checked.value;
  const saleTypeId = store.saleTypeId(q.saleTypeName);
  if (saleTypeId === undefined) {
    const errors: FieldErrors = {};
    addError(
      errors,
      "sale_type_name",
      `The selected :attribute is invalid (no sale type named "${q.saleTypeName}").`
    );
    return unprocessable(errors);
  }
  const endDate = addDays(q.startDate, q.durationDays);
  const page = store.page({
    saleTypeName: q.saleTypeName,
    startDate: q.startDate,
    endDate,
    currentIndex: q.currentIndex,
    includeHierarchy: q.includeHierarchy,
    inclusiveCursor: faults.duplicateRecord,
  });
  let records = page.records;
  let nextIndex = page.nextIndex;
  if (faults.emptyPageWithNext) {
    records = [];
    nextIndex ??= q.currentIndex + 1;
  }
  if (faults.repeatCursor) nextIndex = q.currentIndex;
  if (faults.cursorBackwards) nextIndex = Math.max(0, q.currentIndex - 1);
  const count = records.length;
  return json(200, {
    success_message: `Successfully retrieved ${count} Sales records matching \`sale_type_id\`='${saleTypeId}' and \`sell_date\`>='${q.startDate}' and \`sell_date\`<='${endDate}'`,
    sales: records,
    total: faults.lyingTotal ?? page.total,
    // an empty page reports from 0, to 0 (a decision: numbers on every page keep clients simple)
    from: count > 0 ? page.previousCount + 1 : page.previousCount,
    to: page.previousCount + count,
    per_page: PER_PAGE,
    previous_data_count: page.previousCount,
    data_count_remaining: page.remaining,
    current_index: q.currentIndex,
    next_index: nextIndex,
    success_count: count,
    // JSON allows any nesting after the envelope's own fields; a client reading the cursor from the text must not be fooled
    ...(faults.decoyNextIndex ? { links: { next_index: q.currentIndex + 1 } } : {}),
  });
}

const FIELD_ORDER = [
  "item_name",
  "customer_group_name",
  "sell_date",
  "timing_interval_name",
  "quantity",
];

/** POST /sales: validate everything, then upsert all or nothing. */
export function postSales(store: SalesStore, body: unknown): Reply {
  const { errors, parsed, names } = validatePostBody(body);
  const { items, customerGroups } = store.catalog;
  if (parsed && !store.hasSaleType(parsed.saleTypeName)) {
    addError(
      errors,
      "arguments.sale_type_name",
      `The selected :attribute is invalid (no sale type named "${parsed.saleTypeName}").`
    );
  }
  // unknown names are reported even when other fields of the same record are wrong
  for (const n of names) {
    if (n.item_name !== undefined && !items.has(n.item_name)) {
      addError(
        errors,
        `content.${n.index}.item_name`,
        `The selected :attribute is invalid (no item named "${n.item_name}").`
      );
    }
    if (n.customer_group_name !== undefined && !customerGroups.has(n.customer_group_name)) {
      addError(
        errors,
        `content.${n.index}.customer_group_name`,
        `The selected :attribute is invalid (no customer group named "${n.customer_group_name}").`
      );
    }
  }
  const inputs: UpsertInput[] = [];
  for (const { index, record } of parsed?.content ?? []) {
    const item = items.get(record.item_name);
    const group = customerGroups.get(record.customer_group_name);
    if (!item || !group) continue;
    if (!parsed!.createMissingLinks && !store.catalog.isLinked(item, group)) {
      addError(
        errors,
        `content.${index}.item_name`,
        `Item "${item.name}" is not linked to customer group "${group.name}"; send arguments.create_missing_item_customer_group = 1 to create the link.`
      );
      continue;
    }
    inputs.push({
      item,
      customerGroup: group,
      sellDate: record.sell_date,
      interval: record.timing_interval_name,
      quantity: record.quantity,
    });
  }
  if (Object.keys(errors).length > 0 || !parsed) return unprocessable(sortErrors(errors));
  const { created, updated } = store.upsert(parsed.saleTypeName, inputs);
  const n = created + updated;
  return json(200, {
    success_message: `Successfully processed ${n} Sales records`,
    created_count: created,
    updated_count: updated,
    success_count: n,
  });
}

/** Laravel lists errors in rule order: arguments, content, then each record's fields by index. */
function sortErrors(errors: FieldErrors): FieldErrors {
  const rank = (key: string): [number, number, number] => {
    if (key.startsWith("arguments")) return [0, 0, key === "arguments" ? 0 : 1];
    if (key === "content") return [1, -1, 0];
    const [, i, field] = key.split(".");
    const f = FIELD_ORDER.indexOf(field ?? "");
    return [1, Number(i), f < 0 ? -1 : f];
  };
  const keys = Object.keys(errors).sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    return ra[0] - rb[0] || ra[1] - rb[1] || ra[2] - rb[2];
  });
  return Object.fromEntries(keys.map((k) => [k, errors[k]]));
}
