import { canonicalJson } from "./canonical-json.js";

/**
 * An action's identity is the whole action: operation, account, credential id, service
 * principal, unlock target. Two actions are the same only if every field is.
 */
export function actionKey(action: object): string {
  return canonicalJson(action);
}
