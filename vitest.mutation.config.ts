import { defineConfig } from "vitest/config";
import base from "./vitest.config.js";

/**
 * The tests Stryker runs against each mutant (`npm run test:mutation`): only the fast, pure tests
 * that exercise the mutated modules (see `mutate` in stryker.config.json). The sandbox and CLI
 * suites would multiply a run's time on a small machine without reaching these modules any closer.
 */
export default defineConfig({
  test: {
    ...base.test,
    include: [
      "src/plan/**/*.test.ts",
      "src/desired/resolve.test.ts",
      "src/desired/unlocks.test.ts",
      "src/apply/**/*.test.ts",
    ],
  },
});
