// Three projects: pure/Node tests (simulator over real HTTP, emulator, workflows),
// jsdom tests of the React task pane, and end-to-end tests in headless Chromium.
// ts-jest only transpiles here; `npm run typecheck` (tsc) does the type checking once.
const tsJest = [
  "ts-jest",
  {
    tsconfig: {
      isolatedModules: true, // transpile only (ts-jest's own option of that name is deprecated)
      module: "commonjs",
      moduleResolution: "node10",
      jsx: "react-jsx",
      esModuleInterop: true,
    },
  },
];
// @fastify/static (the production host, server/) requires content-disposition 3, an ES module: Node 20.19+
// loads it with require(esm), jest's module system does not, so jest transpiles that one package.
const ESM_ONLY = "content-disposition";
const common = {
  transform: {
    "^.+\\.tsx?$": tsJest,
    [`/node_modules/.*/${ESM_ONLY}/.+\\.js$`]: [
      "ts-jest",
      { tsconfig: { isolatedModules: true, allowJs: true, module: "commonjs" } },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(.*/)?${ESM_ONLY}/)`],
  moduleFileExtensions: ["ts", "tsx", "js", "json"],
  // A test's time is the bench's business, never a check: the timeout only stops a test that hangs (jest's 5 s
  // default failed tests on 2 shared cores under load).
  testTimeout: 120_000,
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
      setupFiles: ["<rootDir>/test/setup/officeClient.ts"],
    },
    {
      ...common,
      displayName: "jsdom",
      testEnvironment: "jsdom",
      testMatch: ["<rootDir>/test/taskpane/**/*.test.ts?(x)"],
      setupFiles: ["<rootDir>/test/setup/officeClient.ts"],
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
