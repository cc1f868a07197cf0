// Deterministic demo data for the Claret simulator: the demo tenant's hierarchies and the generated
// monthly sales of each sale type. Everything here is a pure function of the seed (no Math.random).

import type { TimingInterval } from "../../src/claret/types";

/** mulberry32: a tiny, fast, well-distributed 32-bit PRNG; enough for demo data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A node of a hierarchy. `level` is the level's name in snake case (it becomes the key suffix). */
export interface HierarchyNode {
  id: number;
  name: string;
  level: string;
  parent: HierarchyNode | null;
}

/** One stored sale; names are resolved through the catalog when a record is rendered. */
export interface StoredSale {
  id: number;
  item: HierarchyNode;
  customerGroup: HierarchyNode;
  sellDate: string;
  interval: TimingInterval;
  quantity: number;
  /** null only when a test seeds it so (Claret may send a null uom_abbr) */
  uom: string | null;
  /** epoch milliseconds; null only when a test seeds it so (Laravel allows null timestamps) */
  createdAt: number | null;
  updatedAt: number | null;
}

// Items: Brand Group → Brand → Item. The "Fortified & Dessert" group holds items directly, with no
// Brand, so their records lack `item_brand` (uneven depth, as the contract requires).
const BRANDS: Record<string, Record<string, string[]>> = {
  "Estate Reds": {
    "Claret Hill": [
      "Claret Hill Cabernet Sauvignon",
      "Claret Hill Merlot",
      "Claret Hill Malbec",
      "117",
      "118",
    ],
    "Red Gum Ridge": [
      "Red Gum Ridge Shiraz",
      "Red Gum Ridge Grenache",
      "Red Gum Ridge GSM",
      "Red Gum Ridge Pinot Noir",
    ],
    "Château Laroche": [
      "Château Laroche Bordeaux Supérieur",
      "Château Laroche Médoc",
      "Château Laroche Réserve",
    ],
    "Old Vine Cellars": ["Old Vine Zinfandel", "Old Vine Petite Sirah", "Old Vine Carignan", "204"],
  },
  "Coastal Whites": {
    Seabreeze: [
      "Seabreeze Sauvignon Blanc",
      "Seabreeze Pinot Grigio",
      "Seabreeze Albariño",
      "Seabreeze Vermentino",
    ],
    "Pelican Bay": [
      "Pelican Bay Chardonnay",
      "Pelican Bay Unoaked Chardonnay",
      "Pelican Bay Viognier",
      "305",
    ],
    "Kelp Forest": [
      "Kelp Forest Riesling",
      "Kelp Forest Grüner Veltliner",
      "Kelp Forest Chenin Blanc",
    ],
  },
  "Sparkling & Rosé": {
    "Fizz Point": [
      "Fizz Point Brut",
      "Fizz Point Brut Rosé",
      "Fizz Point Prosecco",
      "Fizz Point Blanc de Blancs",
    ],
    Petal: ["Petal Provence Rosé", "Petal Grenache Rosé", "Petal Sparkling Rosé"],
  },
  "Value Tier": {
    "Cellar Door": [
      "Cellar Door Red Blend",
      "Cellar Door White Blend",
      "Cellar Door Moscato",
      "Cellar Door Cabernet 3L Box",
    ],
    "Sunny Slope": [
      "Sunny Slope Merlot",
      "Sunny Slope Chardonnay",
      "Sunny Slope Pinot Grigio",
      "Sunny Slope Rosé",
      "0042",
    ],
    "Harvest Moon": ["Harvest Moon Red", "Harvest Moon White", "Harvest Moon Sangria"],
  },
};
const DIRECT_ITEMS: Record<string, string[]> = {
  "Fortified & Dessert": [
    "Old Tawny 10 Year",
    "Vintage Port 2016",
    "Late Harvest Semillon",
    "Fino Sherry",
    "0117",
    "Muscat NV",
  ],
};

// Customer groups: Division → State → Distributor; "National Accounts" hangs directly under a Division.
const DISTRIBUTORS: Record<string, Record<string, string[]>> = {
  East: {
    Florida: [
      "Palm Tree Distribution",
      "Gulf Coast Beverage",
      "Sunshine Wine & Spirits",
      "Everglades Imports",
    ],
    Georgia: ["Peach State Wine Co.", "Savannah Cellars", "Blue Ridge Beverage"],
    "New York": [
      "Empire Vintners",
      "Hudson Valley Distributing",
      "Five Boroughs Wine Group",
      "Finger Lakes Supply",
    ],
    Massachusetts: ["Bay State Wine Merchants", "Cape Cod Beverage"],
  },
  West: {
    California: [
      "Golden Gate Distributors",
      "Central Valley Wine Co.",
      "SoCal Beverage Partners",
      "Redwood Coast Imports",
    ],
    Oregon: ["Willamette Wine Supply", "Cascade Distributing"],
    Washington: ["Puget Sound Beverage", "Columbia Valley Merchants", "Rainier Wine Group"],
    Nevada: ["Silver State Spirits", "Desert Oasis Distribution"],
  },
  Central: {
    Texas: [
      "Lone Star Beverage",
      "Hill Country Wine Co.",
      "Gulf Plains Distributing",
      "Alamo Imports",
    ],
    Illinois: ["Windy City Wine", "Prairie State Beverage", "Lakefront Distributors"],
    Colorado: ["Front Range Wine Co.", "Rocky Mountain Beverage"],
    Minnesota: ["North Star Distributing", "Twin Cities Cellars"],
  },
};
const DIRECT_DISTRIBUTORS: Record<string, string[]> = { Central: ["National Accounts"] };

/** The demo tenant's items, customer groups, sale types and Item@CustomerGroup links. */
export class Catalog {
  private nextNodeId = 1;
  readonly items = new Map<string, HierarchyNode>();
  readonly customerGroups = new Map<string, HierarchyNode>();
  /** inner nodes (Brand Group, Brand, Division, State) by prefix + level + name */
  private readonly ancestors = new Map<string, HierarchyNode>();
  /** "itemId|customerGroupId" of every Item@CustomerGroup link */
  readonly links = new Set<string>();
  /** sale type name → id; History 1, Budget 2, Forecast 3 (the docs' Forecast example reports sale_type_id 3) */
  readonly saleTypes = new Map<string, number>([
    ["History", 1],
    ["Budget", 2],
    ["Forecast", 3],
  ]);

  node(name: string, level: string, parent: HierarchyNode | null): HierarchyNode {
    return { id: this.nextNodeId++, name, level, parent };
  }

  /** The inner node `name` at `level` under `parent`, created on first use. */
  ancestor(
    prefix: "item_" | "customer_group_",
    level: string,
    name: string,
    parent: HierarchyNode | null
  ): HierarchyNode {
    const key = `${prefix}${level}\u0000${name}\u0000${parent?.id ?? 0}`;
    let n = this.ancestors.get(key);
    if (!n) {
      n = this.node(name, level, parent);
      this.ancestors.set(key, n);
    }
    return n;
  }

  addItem(name: string, parent: HierarchyNode | null): HierarchyNode {
    const n = this.node(name, "item", parent);
    this.items.set(name, n);
    return n;
  }

  addCustomerGroup(name: string, parent: HierarchyNode | null): HierarchyNode {
    const n = this.node(name, "distributor", parent);
    this.customerGroups.set(name, n);
    return n;
  }

  saleTypeId(name: string): number {
    let id = this.saleTypes.get(name);
    if (id === undefined) {
      id = Math.max(0, ...this.saleTypes.values()) + 1;
      this.saleTypes.set(name, id);
    }
    return id;
  }

  isLinked(item: HierarchyNode, customerGroup: HierarchyNode): boolean {
    return this.links.has(`${item.id}|${customerGroup.id}`);
  }

  link(item: HierarchyNode, customerGroup: HierarchyNode): void {
    this.links.add(`${item.id}|${customerGroup.id}`);
  }
}

export function buildCatalog(): Catalog {
  const c = new Catalog();
  for (const [group, brands] of Object.entries(BRANDS)) {
    const g = c.ancestor("item_", "brand_group", group, null);
    for (const [brand, items] of Object.entries(brands)) {
      const b = c.ancestor("item_", "brand", brand, g);
      for (const item of items) c.addItem(item, b);
    }
  }
  for (const [group, items] of Object.entries(DIRECT_ITEMS)) {
    const g = c.ancestor("item_", "brand_group", group, null);
    for (const item of items) c.addItem(item, g);
  }
  for (const [division, states] of Object.entries(DISTRIBUTORS)) {
    const d = c.ancestor("customer_group_", "division", division, null);
    for (const [state, names] of Object.entries(states)) {
      const s = c.ancestor("customer_group_", "state", state, d);
      for (const name of names) c.addCustomerGroup(name, s);
    }
  }
  for (const [division, names] of Object.entries(DIRECT_DISTRIBUTORS)) {
    const d = c.ancestor("customer_group_", "division", division, null);
    for (const name of names) c.addCustomerGroup(name, d);
  }
  return c;
}

/** `YYYY-MM-01` of the month `monthIndex` months after January of `startYear`. */
export function monthStart(startYear: number, monthIndex: number): string {
  const y = startYear + Math.floor(monthIndex / 12);
  const m = (monthIndex % 12) + 1;
  return `${y}-${m < 10 ? "0" : ""}${m}-01`;
}

export interface SaleTypePlan {
  saleTypeName: string;
  count: number;
  firstYear: number;
  months: number;
}

const DAY_MS = 86_400_000;

/**
 * Generates the monthly records of each planned sale type, ids ascending with random gaps (so the
 * cursor is visibly not an offset). Each record's (item, customer group, month) is distinct.
 * The plans' records are spread evenly over their months, first and last month included.
 */
export function generateSales(
  catalog: Catalog,
  plans: SaleTypePlan[],
  seed: number
): { bySaleType: Map<string, StoredSale[]>; lastId: number } {
  const rnd = seededRandom(seed);
  const items = [...catalog.items.values()];
  const groups = [...catalog.customerGroups.values()];
  const allPairs: Array<[HierarchyNode, HierarchyNode]> = [];
  for (const i of items) for (const g of groups) allPairs.push([i, g]);
  shuffle(allPairs, rnd);
  // About 85% of the pairs are linked; the rest stay unlinked so create_missing_item_customer_group matters.
  const perMonth = (p: SaleTypePlan) =>
    p.count <= 1 ? p.count : Math.ceil((p.count - 1) / Math.max(1, p.months - 1)) + 1;
  for (const p of plans) {
    if (perMonth(p) > allPairs.length) {
      throw new Error(
        `The demo tenant has ${allPairs.length} item × customer group pairs, so ${p.saleTypeName} can hold at most about ${(p.months - 1) * (allPairs.length - 1)} monthly records; asked for ${p.count}.`
      );
    }
  }
  const neededPerMonth = Math.max(0, ...plans.map(perMonth));
  const linkedCount = Math.min(
    allPairs.length - 1,
    Math.max(neededPerMonth, Math.floor(allPairs.length * 0.85))
  );
  const linked = allPairs.slice(0, Math.max(linkedCount, neededPerMonth));
  for (const [i, g] of linked) catalog.link(i, g);

  let id = 1000 + Math.floor(rnd() * 9000);
  const bySaleType = new Map<string, StoredSale[]>();
  for (const plan of plans) {
    catalog.saleTypeId(plan.saleTypeName);
    const rows: StoredSale[] = new Array(plan.count);
    let month = -1;
    let k = 0;
    for (let j = 0; j < plan.count; j++) {
      const m = plan.count === 1 ? 0 : Math.round((j * (plan.months - 1)) / (plan.count - 1));
      if (m !== month) {
        month = m;
        k = 0;
      }
      const [item, customerGroup] = linked[(k++ + month * 37) % linked.length];
      const sellDate = monthStart(plan.firstYear, m);
      const sellMs = Date.parse(`${sellDate}T00:00:00Z`);
      // whole seconds, as Claret's timestamps show (.000000Z)
      const createdAt = Math.floor((sellMs - 20 * DAY_MS + rnd() * 60 * DAY_MS) / 1000) * 1000;
      const updatedAt = createdAt + Math.floor((rnd() * 200 * DAY_MS) / 1000) * 1000;
      // decimal quantities like 196.195, with a share of whole numbers and a few zeros
      const r = rnd();
      const quantity =
        r < 0.03 ? 0 : r < 0.25 ? Math.round(rnd() * 400) : Math.round(rnd() * 500_000) / 1000;
      id += 1 + Math.floor(rnd() * 9);
      rows[j] = {
        id,
        item,
        customerGroup,
        sellDate,
        interval: "month",
        quantity,
        uom: "9LE",
        createdAt,
        updatedAt,
      };
    }
    bySaleType.set(plan.saleTypeName, rows);
  }
  return { bySaleType, lastId: id };
}

function shuffle<T>(a: T[], rnd: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
}
