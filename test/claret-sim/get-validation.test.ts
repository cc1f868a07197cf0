import { startSimulator, type Simulator } from "../../dev/claret-sim";
import { ALL_HISTORY, getSales } from "./http";

let sim: Simulator;
let token: string;
beforeAll(async () => {
  sim = await startSimulator({ records: 10 });
  token = sim.issueToken();
});
afterAll(() => sim.close());

test("a GET without parameters names each missing one in Laravel’s 422 shape", async () => {
  const { status, body } = await getSales(sim, token, {});
  expect(status).toBe(422);
  expect(body).toEqual({
    message: "The sale type name field is required. (and 2 more errors)",
    errors: {
      sale_type_name: ["The sale type name field is required."],
      start_date: ["The start date field is required."],
      duration: ["The duration field is required."],
    },
  });
});

test.each(["2022-6-1", "2022-02-30", "01/06/2022", "2022-06-01T00:00:00Z"])(
  'a start_date of "%s" is refused with the format Y-m-d',
  async (start_date) => {
    const { status, body } = await getSales(sim, token, { ...ALL_HISTORY, start_date });
    expect(status).toBe(422);
    expect(body.errors).toEqual({
      start_date: ["The start date field must match the format Y-m-d."],
    });
  }
);

test.each(["ten", "1.5", ""])(
  'a duration of "%s" is refused as not an integer (or missing)',
  async (duration) => {
    const { status, body } = await getSales(sim, token, { ...ALL_HISTORY, duration });
    expect(status).toBe(422);
    expect(Object.keys(body.errors)).toEqual(["duration"]);
  }
);

test("a negative duration is refused as below 0", async () => {
  const { body } = await getSales(sim, token, { ...ALL_HISTORY, duration: -1 });
  expect(body.errors).toEqual({ duration: ["The duration field must be at least 0."] });
});

test("include_flattened_hierarchy other than 1 or 0 is refused", async () => {
  const { status, body } = await getSales(sim, token, {
    ...ALL_HISTORY,
    include_flattened_hierarchy: "yes",
  });
  expect(status).toBe(422);
  expect(body.errors).toEqual({
    include_flattened_hierarchy: ["The include flattened hierarchy field must be true or false."],
  });
});

test("a current_index that is not a whole number is refused", async () => {
  const { status, body } = await getSales(sim, token, { ...ALL_HISTORY, current_index: "abc" });
  expect(status).toBe(422);
  expect(Object.keys(body.errors)).toEqual(["current_index"]);
});

test("an unknown sale type is a 422 on sale_type_name", async () => {
  const { status, body } = await getSales(sim, token, {
    ...ALL_HISTORY,
    sale_type_name: "Forecast FY",
  });
  expect(status).toBe(422);
  expect(Object.keys(body.errors)).toEqual(["sale_type_name"]);
  expect(body.errors.sale_type_name[0]).toMatch(/^The selected sale type name is invalid/);
});
