// A drain with `prefetch`: the next page is asked for as soon as the current page's text names its
// cursor, before that page is parsed; the guess is checked against the parsed envelope.

import { ClaretAbortedError, salesPages } from "../../src/claret";
import { peekNextIndex } from "../../src/claret/salesPages";
import {
  ALL_HISTORY,
  drain,
  expectEveryRecordOnce,
  salesGets,
  signIn,
  startSim,
  type Sim,
} from "../helpers/claretClient";

describe("a drain with prefetch", () => {
  let sim: Sim;
  beforeAll(async () => {
    sim = await startSim(2222);
  });
  afterAll(async () => {
    await sim.close();
  });
  afterEach(() => sim.faults.clear());

  it("asks for the next page at the cursor the page announced before the caller asks for it", async () => {
    const session = await signIn(sim);
    const hold = sim.hold("GET /sales");
    const it = salesPages(session, ALL_HISTORY, { prefetch: true });
    try {
      const first = it.next();
      await hold.untilWaiting(1);
      hold.releaseWaiting();
      const page = (await first).value!;
      const before = salesGets(sim).length;

      // the caller holds page 1 and has not asked for page 2: its request arrives anyway
      await hold.untilWaiting(1);
      hold.end();
      const second = (await it.next()).value!;

      expect(second.currentIndex).toBe(page.nextIndex);
      expect(salesGets(sim)[before].query.current_index).toBe(String(page.nextIndex));
    } finally {
      hold.end();
      await it.return?.();
    }
  });

  it("yields every record exactly once, with one GET per page", async () => {
    const session = await signIn(sim);
    const before = salesGets(sim).length;
    const { pages, records } = await drain(session, ALL_HISTORY, { prefetch: true });

    expectEveryRecordOnce(sim, records);
    expect(pages.map((p) => p.recordsSoFar)).toEqual([1000, 2000, 2222]);
    expect(salesGets(sim).length - before).toBe(3);
  });

  it("drops a cursor guessed wrong from the text: a nested next_index costs a request, never a record", async () => {
    sim.faults.add({ route: "GET /sales", fault: { kind: "decoy-next-index" } });
    const session = await signIn(sim);
    const before = salesGets(sim).length;
    const { pages, records } = await drain(session, ALL_HISTORY, { prefetch: true });

    expectEveryRecordOnce(sim, records);
    expect(pages.map((p) => p.currentIndex)).toEqual([0, pages[0].nextIndex, pages[1].nextIndex]);
    const asked = salesGets(sim)
      .slice(before)
      .map((g) => g.query.current_index);
    expect(asked).toEqual(
      expect.arrayContaining([String(pages[0].nextIndex), String(pages[1].nextIndex)])
    );
  });

  it("ends at once on cancel while the page asked ahead is still on its way", async () => {
    const session = await signIn(sim);
    const controller = new AbortController();
    const hold = sim.hold("GET /sales");
    const it = salesPages(session, ALL_HISTORY, { prefetch: true, signal: controller.signal });
    try {
      const first = it.next();
      await hold.untilWaiting(1);
      hold.releaseWaiting();
      expect((await first).value?.recordsSoFar).toBe(1000);
      // page 2 was asked for ahead and waits at the door
      await hold.untilWaiting(1);
      const second = it.next();
      controller.abort();

      await expect(second).rejects.toBeInstanceOf(ClaretAbortedError);
    } finally {
      hold.end();
    }
  });
});

describe("the next cursor read from a page's text", () => {
  it.each([
    ['{"sales":[],"total":0,"next_index":null}', null],
    ['{"sales":[{"id":1}],"total":1,"next_index":9127,"success_count":1}', 9127],
    ['{"sales":[], "next_index" :\n 42 }', 42],
    ['{"next_index":5,"sales":[{"id":1,"next_index":3}]}', 3],
    ['{"sales":[],"next_index":5,"links":{"next_index":6}}', 6],
    ['{"sales":[],"total":0}', undefined],
    ['{"sales":[],"next_index":"7"}', undefined],
    ['{"sales":[],"next_index":', undefined],
  ])("%s gives %p (checked against the parsed envelope before use)", (text, expected) => {
    expect(peekNextIndex(text)).toBe(expected);
  });
});
