// The query every pull and refresh scenario runs: every History record of the simulator's data set (sell_date
// 2020-01-01 … 2024-12-01), with the hierarchy columns (10 base + 4 hierarchy keys in the demo tenant).
import type { SalesQuery } from "../../src/claret/types";

export const FULL_QUERY: SalesQuery = {
  saleTypeName: "History",
  startDate: "2020-01-01",
  durationDays: 1826,
  includeHierarchy: true,
};

/** A short window of the same query, to warm the JIT up before anything is timed. */
export const WARM_UP_QUERY: SalesQuery = { ...FULL_QUERY, durationDays: 45 };
