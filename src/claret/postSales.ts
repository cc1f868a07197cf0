// POST /sales (beta in Claret): one batch of at most 1000 records. Retried only after 429, which
// means "not processed"; after a timeout, a reset or a 5xx Claret may have written the batch, so
// the error says so (`mayHaveWritten`) instead of silently sending it twice.

import { apiUrl, validateEndpoint } from "./endpoint";
import { ClaretInputError, ClaretRateLimitedError } from "./errors";
import { claretFetch, type RequestOptions } from "./http";
import { resolvePolicy, withRetry, type RetryNotice, type RetryPolicy } from "./retry";
import { parsePostSalesResult } from "./schemas";
import type { ClaretSession, PostSalesArguments, PostSalesContent, PostSalesResult } from "./types";

/** Records per POST: the limit Claret documents for its other import API. */
export const MAX_POST_BATCH = 1000;

export interface PostSalesOptions extends RequestOptions {
  retry?: Partial<RetryPolicy>;
  onRetry?: (notice: RetryNotice) => void;
}

export async function postSales(
  session: ClaretSession,
  args: PostSalesArguments,
  content: PostSalesContent[],
  opts: PostSalesOptions = {}
): Promise<PostSalesResult> {
  const ep = validateEndpoint(session);
  if (!session.token) throw new ClaretInputError("token", "Sign in to Claret first.");
  if (args.sale_type_name.trim() === "")
    throw new ClaretInputError("sale_type_name", "Choose the sale type to push to, e.g. Forecast.");
  if (content.length === 0)
    throw new ClaretInputError(
      "content",
      "There are no rows to push. Select the rows to send first."
    );
  if (content.length > MAX_POST_BATCH) {
    throw new ClaretInputError(
      "content",
      `A push sends at most ${MAX_POST_BATCH} rows at a time; this batch has ${content.length}. Split it into batches of ${MAX_POST_BATCH}.`
    );
  }
  const url = apiUrl(ep, "sales");
  const body = { arguments: args, content };
  const answer = await withRetry(
    () =>
      claretFetch(
        { method: "POST", url, endpoint: ep, action: "write", token: session.token, body },
        opts
      ),
    {
      policy: resolvePolicy(opts.retry),
      signal: opts.signal,
      shouldRetry: (e) => e instanceof ClaretRateLimitedError,
      onRetry: opts.onRetry,
    }
  );
  return parsePostSalesResult(answer);
}
