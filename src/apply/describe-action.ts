import { isUnlockAction, type OrganizationAction } from "../plan/model.js";
import { unlockRecord } from "./apply-unlock.js";
import type { MemberAction } from "./justify.js";

/**
 * How the journal names an action: completely, so a record alone says what was (or was not)
 * called: operation, account and credential id, service principal, or unlock target.
 */
export function describe(action: MemberAction | OrganizationAction): {
  operation: string;
  accountId?: string;
  identifier?: string;
  servicePrincipal?: string;
} {
  if (!("accountId" in action)) {
    return {
      operation: action.operation,
      ...(action.servicePrincipal === undefined ? {} : { servicePrincipal: action.servicePrincipal }),
    };
  }
  if (isUnlockAction(action)) return unlockRecord(action);
  const identifier = action.accessKeyId ?? action.serialNumber ?? action.certificateId;
  return { operation: action.operation, accountId: action.accountId, ...(identifier ? { identifier } : {}) };
}
