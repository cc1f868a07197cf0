// A push view's preview as the planner sees it when they ask again before it arrives, or leave the view: only the
// latest preview is shown, and a preview asked for earlier, or by a view since closed, neither shows its result nor
// puts its failure in the status. The reads are held by the test, so which one answers first is the test's choice.
import { act, render, screen } from "@testing-library/react";
import { usePreview } from "../../src/taskpane/usePreview";
import type { UserMessage } from "../../src/workflows/api";
import { WorkflowError } from "../../src/workflows/messages";

/** One read of the workbook asked for by the view, answered when the test says. */
interface Read {
  signal: AbortSignal;
  answer: (preview: string) => Promise<void>;
  fail: (error: Error) => Promise<void>;
}

function heldReads() {
  const reads: Read[] = [];
  const prepare = (signal: AbortSignal) => {
    let resolve!: (preview: string) => void;
    let reject!: (error: Error) => void;
    const read = new Promise<string>((res, rej) => ((resolve = res), (reject = rej)));
    // the view awaited the read first, so it has taken the answer once this await is over
    const taken = () =>
      read.then(
        () => undefined,
        () => undefined
      );
    reads.push({
      signal,
      answer: (preview) => act(async () => (resolve(preview), await taken())),
      fail: (error) => act(async () => (reject(error), await taken())),
    });
    return read;
  };
  return { reads, prepare };
}

/** The view's part that usePreview drives: its spinner, the preview, or nothing to show. */
function PreviewView(props: {
  prepare: (signal: AbortSignal) => Promise<string>;
  requestKey: number;
  onMessage: (m: UserMessage | null) => void;
}) {
  const { preview, loading } = usePreview(props.prepare, props.requestKey, props.onMessage);
  if (loading) return <p>Reading the selection…</p>;
  return <p>{preview ?? "No preview"}</p>;
}

/** The pane's status: what onMessage last said (the pane stays while the view goes). */
function status() {
  const said: Array<UserMessage | null> = [];
  return { said, onMessage: (m: UserMessage | null) => void said.push(m) };
}

test("asked again before the first preview arrives, the pane shows the second and never the first", async () => {
  const { reads, prepare } = heldReads();
  const { said, onMessage } = status();
  const view = render(<PreviewView prepare={prepare} requestKey={1} onMessage={onMessage} />);
  view.rerender(<PreviewView prepare={prepare} requestKey={2} onMessage={onMessage} />);
  expect(reads).toHaveLength(2);
  expect(reads[0].signal.aborted).toBe(true);
  expect(reads[1].signal.aborted).toBe(false);

  await reads[1].answer("Push A1:E3 of sheet Plan");
  expect(screen.getByText("Push A1:E3 of sheet Plan")).toBeInTheDocument();
  // the first read answers late, with what the selection was then
  await reads[0].answer("Push A1:E9 of sheet Old");
  expect(screen.queryByText("Push A1:E9 of sheet Old")).not.toBeInTheDocument();
  expect(screen.getByText("Push A1:E3 of sheet Plan")).toBeInTheDocument();
  expect(said.filter((m) => m !== null)).toEqual([]);
});

test("a superseded preview that fails late puts nothing in the status and does not stop the spinner", async () => {
  const { reads, prepare } = heldReads();
  const { said, onMessage } = status();
  const view = render(<PreviewView prepare={prepare} requestKey={1} onMessage={onMessage} />);
  view.rerender(<PreviewView prepare={prepare} requestKey={2} onMessage={onMessage} />);

  await reads[0].fail(new WorkflowError("Select the rows to push first."));
  expect(said.filter((m) => m !== null)).toEqual([]);
  expect(screen.getByText("Reading the selection…")).toBeInTheDocument();

  await reads[1].fail(new WorkflowError("The selection has no header row."));
  expect(said.filter((m) => m !== null)).toEqual([
    { intent: "error", text: "The selection has no header row." },
  ]);
  expect(screen.getByText("No preview")).toBeInTheDocument();
});

test("a view closed while its preview loads cancels it, and its late failure is not shown", async () => {
  const { reads, prepare } = heldReads();
  const { said, onMessage } = status();
  const view = render(<PreviewView prepare={prepare} requestKey={1} onMessage={onMessage} />);
  view.unmount();
  expect(reads[0].signal.aborted).toBe(true);

  await reads[0].fail(new WorkflowError("Select the rows to push first."));
  expect(said.filter((m) => m !== null)).toEqual([]);
});
