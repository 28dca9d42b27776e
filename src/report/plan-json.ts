import { canonicalJson } from "../plan/canonical-json.js";
import { canonicalJsonChunks } from "../plan/canonical-json-chunks.js";
import type { Plan } from "../plan/model.js";

/** The plan document itself, keys sorted so the same plan always prints the same bytes. */
export function renderPlanJson(plan: Plan): string {
  return `${canonicalJson(plan, 2)}\n`;
}

/** The same bytes as renderPlanJson in pieces of about a million characters, for large plans. */
export function* renderPlanJsonChunks(plan: Plan): Generator<string> {
  yield* canonicalJsonChunks(plan, 2);
  yield "\n";
}
