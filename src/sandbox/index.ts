/** The emulated AWS organization: `startSandbox` for tests and demos, the fixture format, the generator. */
export type { CallRecord } from "./call-log.js";
export { CALLER_ACCOUNT_ALIASES, type CallerSpec, callerIssues } from "./callers.js";
export { SECRET_MARKER } from "./credential-ids.js";
export { exampleFixturePath } from "./example-fixture.js";
export { type FaultOptions, parseRateLimit } from "./faults.js";
export { type FixtureSource, loadFixture } from "./fixture-load.js";
export { FIXTURE_API_VERSION, SandboxFixture, type SandboxFixtureInput } from "./fixture-schema.js";
export { GENERATED_MANAGEMENT_ID, GENERATED_ORG_ID, generateOrganization } from "./generator.js";
export { STATIC_CREDENTIALS, type StaticCallerKind } from "./identity.js";
export type { ReceivedCall } from "./server.js";
export {
  SANDBOX_REGION,
  type Sandbox,
  type SandboxCredentials,
  type SandboxOptions,
  startSandbox,
} from "./start.js";
export type { AccountView, SandboxStateView } from "./state-view.js";
export { ROOT_TASK_ARN_PREFIX, type RootTask, TASK_POLICIES, taskArn } from "./task-policies.js";
