import { parseStoredQuery, serializeStoredQuery } from "../../src/excel/queryStore";

const stored = {
  tableName: "Claret_History_2020_01_01_1826d",
  endpoint: { baseUrl: "https://plan.claret.app", tenant: "demo" },
  query: {
    saleTypeName: "History",
    startDate: "2020-01-01",
    durationDays: 1826,
    includeHierarchy: true,
  },
  claretColumns: ["sell_date", "item_name"],
};

describe("the query stored with a table", () => {
  test("round-trips through its text form", () => {
    expect(parseStoredQuery(serializeStoredQuery(stored))).toEqual(stored);
  });

  test("never carries a token, even when handed a session as the endpoint", () => {
    const text = serializeStoredQuery({
      ...stored,
      endpoint: { ...stored.endpoint, token: "1|secretsecretsecret" } as never,
    });
    expect(text).not.toContain("secret");
    expect(text).not.toContain("token");
  });

  test("text that is not a stored query reads as none", () => {
    expect(parseStoredQuery('{"v":1}')).toBeNull();
    expect(parseStoredQuery("not json")).toBeNull();
  });
});
