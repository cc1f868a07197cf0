// The pane while Excel holds a work until the planner leaves the cell they are editing: the status says so, beside
// the work's progress, and the sentence goes once Excel runs the work again.
import { act, render, screen, waitFor } from "@testing-library/react";
import { App } from "../../src/taskpane/App";
import { requestPane } from "../../src/workflows/paneRequests";
import { activeSheetQuery } from "../../src/workflows/pullRefresh/refresh";
import { installExcelHost, type ExcelHost } from "../helpers/excelHost";

const WAITING = /^Waiting for you to finish editing the cell\./;

let host: ExcelHost;
beforeEach(() => {
  host = installExcelHost();
});
afterEach(() => {
  if (host.editCell.active) host.editCell.end();
});

test("while Excel waits for the planner to leave a cell, the status says so beside the progress, then the sentence goes", async () => {
  render(<App defaultBaseUrl="http://127.0.0.1:9" />);
  await screen.findByRole("button", { name: "Sign in" });
  // a ribbon refresh in progress, as the pane shows it
  act(() =>
    requestPane({
      activity: {
        id: "ribbon-1",
        label: "Refreshing Sales_History",
        progress: { recordsSoFar: 1000, total: 2222 },
        cancel: () => undefined,
      },
    })
  );
  const progress = await screen.findByRole("region", { name: "Refreshing Sales_History" });
  expect(screen.getByTestId("status")).not.toHaveTextContent(WAITING);

  host.editCell.start();
  // a read of the workbook, through the add-in's adapters: Excel holds it until the planner leaves the cell
  const reading = activeSheetQuery();
  const notice = await screen.findByText(WAITING, {}, { timeout: 10_000 });
  expect(screen.getByTestId("status")).toContainElement(notice);
  expect(notice).toHaveTextContent(
    "Waiting for you to finish editing the cell. Press Enter to keep what you typed, or Esc to drop it, and the work carries on where it is."
  );
  expect(host.editCell.waiting).toBe(1);
  expect(progress).toBeInTheDocument();
  expect(progress).toHaveTextContent("Refreshing Sales_History: 1,000 of 2,222 records");

  // the planner leaves the cell: Excel runs the read (the active sheet has no Claret table)
  await act(async () => {
    host.editCell.end();
    expect(await reading).toBeNull();
  });
  await waitFor(() => expect(screen.queryByText(WAITING)).not.toBeInTheDocument());
  expect(progress).toBeInTheDocument();
});
