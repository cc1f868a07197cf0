import { startSimulator, type Simulator } from "../../dev/claret-sim";
import type { SaleRecord } from "../../src/claret/types";
import { ALL_HISTORY, drain, getSales, type SalesBody } from "./http";

const ENVELOPE_KEYS = [
  "success_message",
  "sales",
  "total",
  "from",
  "to",
  "per_page",
  "previous_data_count",
  "data_count_remaining",
  "current_index",
  "next_index",
  "success_count",
];
const BASE_KEYS = [
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

describe("a window of 298 History records", () => {
  let sim: Simulator;
  let token: string;
  beforeAll(async () => {
    sim = await startSimulator({ records: 298 });
    token = sim.issueToken();
  });
  afterAll(() => sim.close());

  test("comes back as one page with the envelope of the docs’ 298-record example", async () => {
    const { status, body } = await getSales(sim, token, ALL_HISTORY);
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(ENVELOPE_KEYS);
    expect(body).toMatchObject({
      total: 298,
      from: 1,
      to: 298,
      per_page: 1000,
      previous_data_count: 0,
      data_count_remaining: 0,
      current_index: 0,
      next_index: null,
      success_count: 298,
    });
    expect(body.success_message).toBe(
      "Successfully retrieved 298 Sales records matching `sale_type_id`='1' and `sell_date`>='2020-01-01' and `sell_date`<='2024-12-31'"
    );
    expect(body.sales).toHaveLength(298);
  });

  test("each record has exactly the ten base fields with the documented types", async () => {
    const { body } = await getSales(sim, token, ALL_HISTORY);
    for (const r of body.sales) {
      expect(Object.keys(r)).toEqual(BASE_KEYS);
      expect(Number.isInteger(r.id)).toBe(true);
      expect(r.sell_date).toMatch(/^20(2[0-4])-(0[1-9]|1[0-2])-01$/);
      expect(typeof r.quantity).toBe("number");
      expect(r.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
      expect(r.updated_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
      expect(typeof r.item_name).toBe("string");
      expect(typeof r.customer_group_name).toBe("string");
      expect(r).toMatchObject({
        timing_interval_span: "month",
        sale_type_name: "History",
        uom_abbr: "9LE",
      });
    }
  });
});

describe("2,222 History records (the docs’ three-page example)", () => {
  let sim: Simulator;
  let token: string;
  let pages: SalesBody[];
  beforeAll(async () => {
    sim = await startSimulator({ records: 2222 });
    token = sim.issueToken();
    pages = await drain(sim, token, ALL_HISTORY);
  });
  afterAll(() => sim.close());

  test("drain in three pages with the documented from, to, counts and a null next_index at the end", () => {
    const figures = pages.map((p) => ({
      total: p.total,
      from: p.from,
      to: p.to,
      per_page: p.per_page,
      previous_data_count: p.previous_data_count,
      data_count_remaining: p.data_count_remaining,
      success_count: p.success_count,
      n: p.sales.length,
    }));
    expect(figures).toEqual([
      {
        total: 2222,
        from: 1,
        to: 1000,
        per_page: 1000,
        previous_data_count: 0,
        data_count_remaining: 1222,
        success_count: 1000,
        n: 1000,
      },
      {
        total: 2222,
        from: 1001,
        to: 2000,
        per_page: 1000,
        previous_data_count: 1000,
        data_count_remaining: 222,
        success_count: 1000,
        n: 1000,
      },
      {
        total: 2222,
        from: 2001,
        to: 2222,
        per_page: 1000,
        previous_data_count: 2000,
        data_count_remaining: 0,
        success_count: 222,
        n: 222,
      },
    ]);
    expect(pages[2].next_index).toBeNull();
  });

  test("next_index is the id of the page’s last record, not an offset, and comes back as current_index", () => {
    expect(pages[0].current_index).toBe(0);
    for (let i = 0; i < 2; i++) {
      expect(pages[i].next_index).toBe(pages[i].sales.at(-1)?.id);
      expect(pages[i + 1].current_index).toBe(pages[i].next_index);
    }
    expect(pages[0].next_index).not.toBe(1000);
    expect(pages[1].next_index).not.toBe(2000);
  });

  test("ids ascend across all pages with gaps and no record comes twice", () => {
    const ids = pages.flatMap((p) => p.sales.map((r) => r.id));
    expect(ids).toHaveLength(2222);
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1])).toBe(true);
    expect(ids[ids.length - 1] - ids[0]).toBeGreaterThan(2221); // gaps: the cursor cannot be an offset
  });

  test("sell dates run from 2020-01-01 to 2024-12-01, first days of months", () => {
    const dates = pages.flatMap((p) => p.sales.map((r) => r.sell_date)).sort();
    expect(dates[0]).toBe("2020-01-01");
    expect(dates.at(-1)).toBe("2024-12-01");
    expect(new Set(dates).size).toBe(60);
  });

  test('item names that look numeric, such as "117" and "0117", arrive as strings', () => {
    const names = new Set(pages.flatMap((p) => p.sales.map((r) => r.item_name)));
    expect(names).toContain("117");
    expect(names).toContain("0117");
    expect(names).toContain("Claret Hill Merlot");
  });

  test("quantities include decimals such as 196.195", () => {
    const qs = pages.flatMap((p) => p.sales.map((r) => r.quantity));
    expect(qs.some((q) => !Number.isInteger(q) && Math.round(q * 1000) === q * 1000)).toBe(true);
  });

  test("the same seed gives the same data, another seed other data", async () => {
    const again = await startSimulator({ records: 2222 });
    const other = await startSimulator({ records: 2222, seed: 7 });
    try {
      expect(again.salesOf("History")).toEqual(sim.salesOf("History"));
      expect(other.salesOf("History").map((r) => r.id)).not.toEqual(
        sim.salesOf("History").map((r) => r.id)
      );
    } finally {
      await Promise.all([again.close(), other.close()]);
    }
  });
});

describe.each([
  [0, 1],
  [1, 1],
  [1000, 1],
  [1001, 2],
])("History with %i records", (records, pageCount) => {
  test(`drains to exactly ${records} distinct records in ${pageCount} page(s)`, async () => {
    const sim = await startSimulator({ records });
    try {
      const pages = await drain(sim, sim.issueToken(), ALL_HISTORY);
      expect(pages).toHaveLength(pageCount);
      const ids = new Set(pages.flatMap((p) => p.sales.map((r) => r.id)));
      expect(ids.size).toBe(records);
      expect(pages.every((p) => p.total === records)).toBe(true);
      expect(pages.at(-1)?.next_index).toBeNull();
    } finally {
      await sim.close();
    }
  });
});

// How fast they are generated is the bench's to measure (bench/), not a test's to bound.
test("100,000 History records are generated and all fall in the full window", async () => {
  const sim = await startSimulator({ records: 100_000 });
  try {
    const { body } = await getSales(sim, sim.issueToken(), ALL_HISTORY);
    expect(body.total).toBe(100_000);
    expect(body.data_count_remaining).toBe(99_000);
  } finally {
    await sim.close();
  }
});

describe("the date window", () => {
  let sim: Simulator;
  let token: string;
  beforeAll(async () => {
    sim = await startSimulator({ records: 0 });
    token = sim.issueToken();
    sim.insertRecords(
      "History",
      ["2023-03-01", "2023-03-11", "2023-03-12", "2023-02-28"].map((sell_date) => ({
        item_name: "Claret Hill Merlot",
        customer_group_name: "Palm Tree Distribution",
        sell_date,
        quantity: 1,
        timing_interval_span: "day",
      }))
    );
  });
  afterAll(() => sim.close());

  test("includes a record on the end day (start + duration) and excludes the day after and the day before the start", async () => {
    const { body } = await getSales(sim, token, {
      sale_type_name: "History",
      start_date: "2023-03-01",
      duration: 10,
    });
    expect(body.sales.map((r) => r.sell_date)).toEqual(["2023-03-01", "2023-03-11"]);
    expect(body.total).toBe(2);
  });

  test("ends where the docs’ example says: 2022-06-01 plus 600 days is 2024-01-22", async () => {
    const { body } = await getSales(sim, token, {
      sale_type_name: "History",
      start_date: "2022-06-01",
      duration: 600,
    });
    expect(body.success_message).toContain("`sell_date`<='2024-01-22'");
  });

  test("with no match answers 200 with an empty page, total 0 and next_index null", async () => {
    const { status, body } = await getSales(sim, token, {
      sale_type_name: "History",
      start_date: "2030-01-01",
      duration: 30,
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      sales: [],
      total: 0,
      next_index: null,
      success_count: 0,
      data_count_remaining: 0,
    });
  });
});

describe("include_flattened_hierarchy=1", () => {
  let sim: Simulator;
  let records: SaleRecord[];
  beforeAll(async () => {
    sim = await startSimulator({ records: 2222 });
    const pages = await drain(sim, sim.issueToken(), {
      ...ALL_HISTORY,
      include_flattened_hierarchy: 1,
    });
    records = pages.flatMap((p) => p.sales);
  });
  afterAll(() => sim.close());

  test("adds the item’s and customer group’s levels after the base fields, highest level first", () => {
    const r =
      records.find(
        (x) =>
          x.item_name === "Claret Hill Merlot" && x.customer_group_name === "Palm Tree Distribution"
      ) ?? records.find((x) => x.item_name === "Claret Hill Merlot" && x.customer_group_state);
    expect(r).toBeDefined();
    expect(Object.keys(r!).slice(10)).toEqual([
      "item_brand_group",
      "item_brand",
      "customer_group_division",
      "customer_group_state",
    ]);
    expect(r).toMatchObject({ item_brand_group: "Estate Reds", item_brand: "Claret Hill" });
  });

  test("gives items that hang directly under a brand group no item_brand key (uneven depth)", () => {
    const direct = records.filter((x) => x.item_brand_group === "Fortified & Dessert");
    expect(direct.length).toBeGreaterThan(0);
    for (const r of direct) expect(r).not.toHaveProperty("item_brand");
    expect(records.some((x) => "item_brand" in x)).toBe(true);
  });

  test("is off by default: records then carry only the ten base fields", () => {
    expect(Object.keys(sim.salesOf("History")[0])).toEqual(BASE_KEYS);
  });

  test("shows levels that rows seeded later bring, such as a new item_region, on the page that holds them", async () => {
    sim.insertRecords("History", [
      {
        item_name: "Mystery Cuvée",
        item_region: "Loire",
        item_brand_group: "Imports",
        customer_group_name: "Palm Tree Distribution",
        sell_date: "2024-12-01",
        quantity: 3,
      },
    ]);
    const pages = await drain(sim, sim.issueToken(), {
      ...ALL_HISTORY,
      include_flattened_hierarchy: 1,
    });
    const last = pages[pages.length - 1].sales.at(-1)!;
    expect(last.item_name).toBe("Mystery Cuvée");
    expect(Object.keys(last).slice(10, 12)).toEqual(["item_region", "item_brand_group"]);
    expect(pages[0].sales.every((r) => !("item_region" in r))).toBe(true);
  });
});
