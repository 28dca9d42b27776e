import { canonicalJson } from "../plan/canonical-json.js";
import type { Plan } from "../plan/model.js";

/** The plan document itself, keys sorted so the same plan always prints the same bytes. */
export function renderPlanJson(plan: Plan): string {
  return `${canonicalJson(plan, 2)}\n`;
}
