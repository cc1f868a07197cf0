import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

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
  // The UI only calls workflows: no Claret client, Excel adapter or domain code of its own.
  {
    files: ["src/taskpane/**", "src/commands/**"],
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
