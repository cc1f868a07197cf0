import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import officeAddins from "eslint-plugin-office-addins";
import importX, { createNodeResolver } from "eslint-plugin-import-x";

// Microsoft's Office.js rules (load before read, sync after load, isNullObject, …): the office-addins rules of the
// plugin's "recommended" flat config, without the rest of that config (its own parser settings, js and prettier
// rules), which the project sets once above and below.
const officeAddinsRules = Object.fromEntries(
  officeAddins.configs.recommended
    .flatMap((c) => Object.entries(c.rules ?? {}))
    .filter(([rule]) => rule.startsWith("office-addins/"))
);

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**", "test-output/**", "bench/out/**"] },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
  {
    // Office.js is called only in src/ (the adapters, the commands, the pane's start-up)
    files: ["src/**/*.{ts,tsx}"],
    plugins: { "office-addins": officeAddins },
    rules: officeAddinsRules,
  },
  {
    // Node-side CommonJS files (webpack and jest configuration, the jest reporter).
    files: ["**/*.js"],
    languageOptions: {
      sourceType: "commonjs",
      globals: {
        require: "readonly",
        module: "writable",
        __dirname: "readonly",
        process: "readonly",
      },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // The one direction of dependency (../shared/design.md): lower layers never import upward, src never
    // imports dev/ or the production host (server/).
    files: ["src/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": ["error", { patterns: ["**/dev/**", "**/server/**"] }] },
  },
  // No import loop in the product: a newcomer can read each folder from its bottom file up (import-x counts value
  // imports; type-only ones are erased at build).
  {
    files: ["src/**/*.{ts,tsx}"],
    plugins: { "import-x": importX },
    settings: {
      "import-x/extensions": [".ts", ".tsx", ".js"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts", ".tsx"] },
      "import-x/resolver-next": [createNodeResolver({ extensions: [".ts", ".tsx", ".js"] })],
    },
    rules: { "import-x/no-cycle": ["error", { ignoreExternal: true }] },
  },
  // Every batch goes through runExcel (src/excel/excelRun.ts), which says once what each run asks of Excel.
  {
    files: ["src/**/*.{ts,tsx}"],
    ignores: ["src/excel/excelRun.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "Excel", property: "run", message: "Use runExcel from src/excel/excelRun.ts." },
      ],
    },
  },
  // The UI (task pane, ribbon commands, message dialog) only calls workflows: no Claret client, Excel adapter or domain code of its own.
  {
    files: ["src/taskpane/**", "src/commands/**", "src/dialog/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            "**/claret/**",
            "**/claret",
            "**/excel/**",
            "**/excel",
            "**/sales/**",
            "**/sales",
            "**/dev/**",
            "**/server/**",
          ],
        },
      ],
    },
  },
  {
    files: ["src/claret/**", "src/sales/**", "src/excel/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            "**/taskpane/**",
            "**/commands/**",
            "**/workflows/**",
            "**/dev/**",
            "**/server/**",
          ],
        },
      ],
    },
  },
  {
    files: ["src/claret/**", "src/sales/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            "**/excel/**",
            "**/taskpane/**",
            "**/commands/**",
            "**/workflows/**",
            "**/dev/**",
            "**/server/**",
            "react",
            "@fluentui/*",
          ],
        },
      ],
    },
  },
  // The production host (npm run serve) ships: it may use the Claret client's own rules (the tenant
  // check), never the pane, the workflows, the Excel adapters, the domain, the stand-ins or the tests.
  {
    files: ["server/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            "**/src/taskpane/**",
            "**/src/commands/**",
            "**/src/workflows/**",
            "**/src/excel/**",
            "**/src/sales/**",
            "**/dev/**",
            "**/test/**",
            "react",
            "react-dom",
            "@fluentui/*",
          ],
        },
      ],
    },
  }
);
