// Mutation testing of the planner and the apply guards (issue 13): `npm run test:mutation`.
// The score and the surviving mutants are listed in the README's testing section.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  packageManager: "npm",
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.ts" },
  coverageAnalysis: "perTest",
  mutate: [
    "src/plan/**/*.ts",
    "!src/plan/**/*.test.ts",
    "src/desired/resolve.ts",
    "src/apply/guards.ts",
    "src/apply/staleness.ts",
  ],
  // Stryker rewrites the tsconfig's paths with the TypeScript compiler API, which TypeScript 7
  // (the native compiler) no longer has; our tsconfig has no `extends` or `references` to
  // rewrite, so point the preprocessor at a file that does not exist and it leaves things alone.
  tsconfigFile: "tsconfig.stryker-absent.json",
  ignorePatterns: ["dist", "dist-check", "coverage", "reports", ".rootward", "bench"],
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  // Reuses the results of unchanged mutants and tests from the last run (kept out of git).
  incremental: true,
  incrementalFile: "reports/stryker-incremental.json",
  // Static mutants (module-level constants, the zod schema of plan files) are only run by
  // reloading every test file for each one: ~20 s apiece on this machine. They are reported as
  // ignored, outside the score; the README says how many and how to run them (--ignoreStatic false).
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 10_000,
  thresholds: { high: 90, low: 85, break: 85 },
};
