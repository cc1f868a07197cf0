import { forwardedController, linkedController } from "../../src/claret/abort";

describe.each([
  ["AbortSignal.any", linkedController],
  ["the fallback without AbortSignal.any", (...s: AbortSignal[]) => forwardedController(s)],
])("a linked controller, with %s", (_how, link) => {
  test("aborts with the caller's reason when the caller aborts", () => {
    const caller = new AbortController();
    const work = link(caller.signal);
    caller.abort("closed");
    expect(work.signal.aborted).toBe(true);
    expect(work.signal.reason).toBe("closed");
  });

  test("given a signal already aborted, starts aborted with its reason", () => {
    const work = link(new AbortController().signal, AbortSignal.abort("cancelled"));
    expect(work.signal.aborted).toBe(true);
    expect(work.signal.reason).toBe("cancelled");
  });

  test("its own abort stops the work and leaves the caller's signal as it is", () => {
    const caller = new AbortController();
    const work = link(caller.signal);
    work.abort("timed out");
    expect(work.signal.reason).toBe("timed out");
    expect(caller.signal.aborted).toBe(false);
  });
});

test("the runtime of the tests has AbortSignal.any, so both ways are tried", () =>
  expect(typeof AbortSignal.any).toBe("function"));

test("the fallback, once released, no longer listens to the caller's signal", () => {
  const caller = new AbortController();
  const work = forwardedController([caller.signal]);
  work.release();
  caller.abort();
  expect(work.signal.aborted).toBe(false);
});

test("without a signal given, it is a controller of its own", () => {
  const work = linkedController(undefined);
  expect(work.signal.aborted).toBe(false);
  work.abort("done");
  expect(work.signal.reason).toBe("done");
});
