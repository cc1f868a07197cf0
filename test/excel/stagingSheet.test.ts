import {
  chunkRowsByBytes,
  estimateRowBytes,
  REQUEST_DATA_BUDGET_BYTES,
} from "../../src/excel/stagingSheet";

describe("splitting a page into requests under the payload bound", () => {
  test("a page of ordinary rows stays one block", () => {
    const rows = Array.from({ length: 1000 }, (_, i) => [
      43831 + i,
      "Item",
      "Customer",
      1.5,
      "9LE",
    ]);
    expect(chunkRowsByBytes(rows, ["yyyy-mm-dd", "@", "@", "General", "@"])).toHaveLength(1);
  });

  test("wide rows of long text are split so every block stays within the budget", () => {
    const wide = Array.from({ length: 200 }, () => "é".repeat(100));
    const formats = wide.map(() => "@");
    const rows = Array.from({ length: 1000 }, () => wide);
    const chunks = chunkRowsByBytes(rows, formats);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.flat()).toHaveLength(1000);
    for (const chunk of chunks) {
      expect(chunk.reduce((n, r) => n + estimateRowBytes(r, formats), 0)).toBeLessThanOrEqual(
        REQUEST_DATA_BUDGET_BYTES
      );
    }
  });

  test("non-ASCII text counts its UTF-8 bytes", () => {
    expect(estimateRowBytes(["ééé"], [])).toBeGreaterThan(estimateRowBytes(["eee"], []));
  });
});
