import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { PullForm } from "../../src/taskpane/PullForm";
import type { PullValues } from "../../src/taskpane/formValidation";
import type { SalesQuery } from "../../src/workflows/api";

const filled: PullValues = {
  saleType: "Forecast",
  startDate: "2022-06-01",
  duration: "600",
  includeHierarchy: false,
};

/** Renders the form and lets its lazily loaded date picker arrive inside act(), as React asks. */
async function renderForm(initial: PullValues = filled) {
  const pulls: SalesQuery[] = [];
  await act(async () => {
    render(
      <FluentProvider theme={webLightTheme}>
        <PullForm busy={false} initial={initial} onPull={(q) => pulls.push(q)} />
      </FluentProvider>
    );
  });
  return { pulls, user: userEvent.setup() };
}

test("the duration shows the inclusive end date it implies", async () => {
  await renderForm();
  expect(screen.getByText(/through 2024-01-22/)).toBeInTheDocument();
});

test("changing the duration moves the end date shown", async () => {
  const { user } = await renderForm();
  const duration = screen.getByLabelText(/Duration \(days\)/);
  await user.clear(duration);
  await user.type(duration, "0");
  expect(screen.getByText(/through 2022-06-01/)).toBeInTheDocument();
});

test("an empty sale type is refused with a message on the field and no pull starts", async () => {
  const { pulls, user } = await renderForm({ ...filled, saleType: "" });
  await user.click(screen.getByRole("button", { name: "Pull sales" }));
  expect(
    screen.getByText("Enter a sale type, for example History, Forecast or Budget.")
  ).toBeInTheDocument();
  expect(pulls).toHaveLength(0);
});

test("a duration that is not a whole number of days is refused with a message saying what to enter", async () => {
  const { pulls, user } = await renderForm({ ...filled, duration: "12.5" });
  await user.click(screen.getByRole("button", { name: "Pull sales" }));
  expect(
    screen.getByText("Enter the duration as a whole number of days from 0 to 3,660.")
  ).toBeInTheDocument();
  expect(pulls).toHaveLength(0);
});

test("a missing start date is refused with the format to use", async () => {
  const { pulls, user } = await renderForm({ ...filled, startDate: "" });
  await user.click(screen.getByRole("button", { name: "Pull sales" }));
  expect(
    screen.getByText("Enter the start date as YYYY-MM-DD, for example 2022-06-01.")
  ).toBeInTheDocument();
  expect(pulls).toHaveLength(0);
});

test("a free-text sale type that is not a suggestion is pulled as typed", async () => {
  const { pulls, user } = await renderForm({ ...filled, saleType: "" });
  await user.type(screen.getByRole("combobox", { name: /Sale type/ }), "Forecast FY");
  await user.click(screen.getByRole("button", { name: "Pull sales" }));
  expect(pulls).toEqual([
    {
      saleTypeName: "Forecast FY",
      startDate: "2022-06-01",
      durationDays: 600,
      includeHierarchy: false,
    },
  ]);
});

test("pressing Enter in the duration field submits the form with hierarchy columns when ticked", async () => {
  const { pulls, user } = await renderForm();
  await user.click(screen.getByRole("checkbox", { name: "Include hierarchy columns" }));
  await user.type(screen.getByLabelText(/Duration \(days\)/), "{Enter}");
  expect(pulls).toEqual([
    {
      saleTypeName: "Forecast",
      startDate: "2022-06-01",
      durationDays: 600,
      includeHierarchy: true,
    },
  ]);
});
