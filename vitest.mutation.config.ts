import { defineConfig } from "vitest/config";
import base from "./vitest.config.js";

/**
 * The tests Stryker runs against each mutant (`npm run test:mutation`): only the fast, pure tests
 * that exercise the mutated modules (see `mutate` in stryker.config.mjs). The sandbox and CLI
 * suites would multiply a run's time on a small machine without reaching these modules any closer.
 * The planner's property tests are left to `npm test`: they run the whole planner hundreds of
 * times for every mutant, and the score should say what the table-driven tests pin down.
 */
export default defineConfig({
  test: {
    ...base.test,
    include: [
      "src/plan/**/*.test.ts",
      "src/desired/resolve.test.ts",
      "src/apply/guards.test.ts",
      "src/apply/staleness.test.ts",
    ],
    exclude: ["src/plan/plan-properties.test.ts"],
    // One module graph for every test file of a run: re-importing zod, yaml and the loaders for
    // each file was most of a mutant's time. Stryker switches mutants at run time, so no test
    // needs a fresh copy of the mutated modules.
    isolate: false,
  },
});
