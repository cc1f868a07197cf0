import { themeForBackground } from "../../src/taskpane/theme";

test("a dark Office body background gives the dark theme", () => {
  expect(themeForBackground("#262626")).toBe("dark");
});

test("a white Office body background gives the light theme", () => {
  expect(themeForBackground("#FFFFFF")).toBe("light");
});

test("a host that tells no theme gets the light theme", () => {
  expect(themeForBackground(undefined)).toBe("light");
});
