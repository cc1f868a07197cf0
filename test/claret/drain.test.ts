// Draining GET /sales over real HTTP: every record exactly once, in id order, count == total.

import { ClaretValidationError } from "../../src/claret";
import {
  ALL_HISTORY,
  caught,
  drain,
  expectEveryRecordOnce,
  salesGets,
  signIn,
  startSim,
  strictlyIncreasingIds,
  type Sim,
} from "../helpers/claretClient";

const BASE_FIELDS = [
  "id",
  "sell_date",
  "quantity",
  "created_at",
  "updated_at",
  "item_name",
  "customer_group_name",
  "timing_interval_span",
  "sale_type_name",
  "uom_abbr",
];

describe.each([0, 1, 1000, 1001, 2222])("a drain of %i History records", (n) => {
  let sim: Sim;
  beforeAll(async () => {
    sim = await startSim(n);
  });
  afterAll(async () => {
    await sim.close();
  });

  it.each([false, true])(
    "yields every record exactly once with ids strictly increasing (hierarchy: %s)",
    async (includeHierarchy) => {
      const session = await signIn(sim);
      const { pages, records } = await drain(session, { ...ALL_HISTORY, includeHierarchy });

      expect(records).toHaveLength(n);
      expect(strictlyIncreasingIds(records)).toBe(true);
      expectEveryRecordOnce(sim, records);
      expect(pages.length).toBe(Math.max(1, Math.ceil(n / 1000)));
      for (const p of pages) expect(p.total).toBe(n);
      expect(pages.at(-1)?.recordsSoFar).toBe(n);
      expect(pages.at(-1)?.nextIndex).toBeNull();
    }
  );
});

describe("pages of a drain", () => {
  let sim: Sim;
  beforeAll(async () => {
    sim = await startSim(2222);
  });
  afterAll(async () => {
    await sim.close();
  });

  it("sends the previous page’s next_index as current_index and omits it on the first call", async () => {
    const session = await signIn(sim);
    const before = salesGets(sim).length;
    const { pages } = await drain(session);
    const gets = salesGets(sim).slice(before);

    expect(gets).toHaveLength(3);
    expect("current_index" in gets[0].query).toBe(false);
    expect(gets[1].query.current_index).toBe(String(pages[0].nextIndex));
    expect(gets[2].query.current_index).toBe(String(pages[1].nextIndex));
    expect(gets[0].query).toMatchObject({
      sale_type_name: "History",
      start_date: "2020-01-01",
      duration: "1826",
      include_flattened_hierarchy: "0",
    });
    expect(pages.map((p) => p.recordsSoFar)).toEqual([1000, 2000, 2222]);
    expect(pages.map((p) => p.currentIndex)).toEqual([0, pages[0].nextIndex, pages[1].nextIndex]);
  });

  it("keeps the ten base fields and the hierarchy keys of each record", async () => {
    const session = await signIn(sim);
    const { records } = await drain(session, { ...ALL_HISTORY, includeHierarchy: true });
    const keys = new Set(records.flatMap((r) => Object.keys(r)));

    for (const f of BASE_FIELDS) expect(keys.has(f)).toBe(true);
    expect([...keys].filter((k) => !BASE_FIELDS.includes(k))).toEqual(
      expect.arrayContaining(["item_brand_group", "customer_group_division"])
    );
    expect(typeof records[0].quantity).toBe("number");
    expect(typeof records[0].item_name).toBe("string");
  });

  it("returns no hierarchy keys when hierarchy is not asked for", async () => {
    const session = await signIn(sim);
    const { records } = await drain(session);
    const keys = new Set(records.flatMap((r) => Object.keys(r)));

    expect([...keys].sort()).toEqual([...BASE_FIELDS].sort());
  });

  it("names the field Claret refused and says what to do when the sale type is unknown", async () => {
    const session = await signIn(sim);
    const e = await caught(() => drain(session, { ...ALL_HISTORY, saleTypeName: "Forecast FY" }));

    expect(e).toBeInstanceOf(ClaretValidationError);
    expect((e as ClaretValidationError).userMessage).toBe(
      'Claret refused the request. Sale type: The selected sale type name is invalid (no sale type named "Forecast FY"). Correct it in the pull settings and pull again.'
    );
  });

  it("fetches nothing beyond the page the caller asked for", async () => {
    const session = await signIn(sim);
    const before = salesGets(sim).length;
    const { salesPages } = await import("../../src/claret");
    // counts the requests the client starts, each still answered by the simulator
    const started = jest.spyOn(globalThis, "fetch");
    try {
      const it = salesPages(session, ALL_HISTORY);
      await it.next();

      expect(started).toHaveBeenCalledTimes(1); // no page 2 asked for before the caller wants it
      await it.return?.();
      expect(started).toHaveBeenCalledTimes(1);
      expect(salesGets(sim).length - before).toBe(1);
    } finally {
      started.mockRestore();
    }
  });
});
