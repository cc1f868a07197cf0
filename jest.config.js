// Three projects: pure/Node tests (simulator over real HTTP, emulator, workflows),
// jsdom tests of the React task pane, and end-to-end tests in headless Chromium.
// ts-jest only transpiles here; `npm run typecheck` (tsc) does the type checking once.
const tsJest = [
  "ts-jest",
  {
    isolatedModules: true,
    tsconfig: {
      module: "commonjs",
      moduleResolution: "node10",
      jsx: "react-jsx",
      esModuleInterop: true,
    },
  },
];
const common = {
  transform: { "^.+\\.tsx?$": tsJest },
  moduleFileExtensions: ["ts", "tsx", "js", "json"],
};

module.exports = {
  reporters: ["default", "<rootDir>/scripts/jest-closing-line.js"],
  projects: [
    {
      ...common,
      displayName: "node",
      testEnvironment: "node",
      testMatch: ["<rootDir>/test/**/*.test.ts"],
      testPathIgnorePatterns: ["/test/e2e/", "/test/taskpane/"],
    },
    {
      ...common,
      displayName: "jsdom",
      testEnvironment: "jsdom",
      testMatch: ["<rootDir>/test/taskpane/**/*.test.ts?(x)"],
      setupFilesAfterEnv: ["<rootDir>/test/taskpane/setup.ts"],
    },
    {
      ...common,
      displayName: "e2e",
      testEnvironment: "node",
      testMatch: ["<rootDir>/test/e2e/**/*.test.ts"],
      slowTestThreshold: 60,
    },
  ],
};
