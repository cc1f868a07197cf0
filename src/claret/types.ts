// Shapes of the Claret REST API (../shared/claret-api.md), as the rest of the add-in sees them.

export const TIMING_INTERVALS = ["day", "week", "month", "quarter", "year"] as const;
export type TimingInterval = (typeof TIMING_INTERVALS)[number];

/** Where to reach Claret and as whom. `baseUrl` has no trailing slash, e.g. https://plan.claret.app */
export interface ClaretEndpoint {
  baseUrl: string;
  tenant: string;
}

export interface ClaretSession extends ClaretEndpoint {
  token: string;
  /** who signed in (the push log names them); absent for a session made from a bare token */
  email?: string;
}

/** One GET /sales query: what a pulled table stores so it can refresh itself. */
export interface SalesQuery {
  saleTypeName: string;
  /** YYYY-MM-DD, first sell_date included */
  startDate: string;
  /** days; the window is start_date <= sell_date <= start_date + duration (both ends inclusive) */
  durationDays: number;
  includeHierarchy: boolean;
}

/** The ten base fields of a sales record, plus any hierarchy keys (names are not fixed). */
export interface SaleRecord {
  id: number;
  sell_date: string;
  quantity: number;
  /** null on rows written without timestamps (Laravel allows it, e.g. bulk imports) */
  created_at: string | null;
  updated_at: string | null;
  item_name: string;
  customer_group_name: string;
  timing_interval_span: string;
  sale_type_name: string;
  uom_abbr: string | null;
  [hierarchyKey: string]: string | number | null;
}

/** One page of GET /sales, validated. */
export interface SalesPage {
  records: SaleRecord[];
  total: number;
  /** the cursor this page was asked with (0 for the first page) */
  currentIndex: number;
  /** cursor for the next page; null on the last page */
  nextIndex: number | null;
  /** records received so far in this drain, this page included */
  recordsSoFar: number;
}

export interface PostSalesArguments {
  sale_type_name: string;
  create_missing_item_customer_group: 0 | 1;
}

export interface PostSalesContent {
  item_name: string;
  customer_group_name: string;
  sell_date: string;
  timing_interval_name: string;
  quantity: number;
}

export interface PostSalesResult {
  message: string;
  successCount: number;
  createdCount: number;
  updatedCount: number;
}
