// The Claret REST client's public API. Fetch only: nothing here knows the Office host, Excel or React.

export * from "./types";
export * from "./errors";
export { linkedController, type LinkedController } from "./abort";
export { createToken, type CreateTokenOptions } from "./tokens";
export { salesPages, validateSalesQuery, type SalesPagesOptions } from "./salesPages";
export { postSales, MAX_POST_BATCH, type PostSalesOptions } from "./postSales";
export { validateEndpoint, validateTenant, validateBaseUrl, apiUrl, sameClaret } from "./endpoint";
export { hostProxyBaseUrl } from "./hostProxy";
export { DEFAULT_RETRY_POLICY, parseRetryAfter, type RetryPolicy, type RetryNotice } from "./retry";
export { DEFAULT_TIMEOUT_MS, type RequestOptions } from "./http";
