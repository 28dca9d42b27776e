export { type LoadResult, loadDesiredState } from "./load.js";
export * from "./model.js";
export { formatPath, hasErrors, type Problem, type ProblemCode, type Severity } from "./problem.js";
export { queueArn, queueUrlAccount, queueUrlRegion } from "./queue-url.js";
export { type AccountFacts, type Governing, governingEntry, selects } from "./resolve.js";
export type { RefusedFile, SourceFile } from "./yaml-source.js";
