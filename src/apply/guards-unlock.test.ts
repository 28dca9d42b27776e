import { describe, expect, it } from "vitest";
import {
  account,
  desiredFrom,
  MANAGEMENT_ID,
  NOW,
  policyYaml,
  snapshot,
} from "../../test/support/builders.js";
import { planFingerprint } from "../plan/fingerprint.js";
import type { Plan, PlannedUnlock, UnlockAction } from "../plan/model.js";
import { plan } from "../plan/plan.js";
import { checkGuards } from "./guards.js";

const POLICY = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*"}]}';
const desired = desiredFrom({
  "policy.yaml": policyYaml({
    features: "  trustedAccess: enabled\n  rootCredentialsManagement: enabled\n  rootSessions: enabled",
    unmanaged: '  - ous: ["/Root/Quarantine"]\n    reason: Closing',
    unlocks:
      '  - name: artifacts\n    account: "111111111111"\n    s3Bucket: acme-artifacts\n    reason: Locked\n    owner: ops@example.com',
  }),
});
const reviewed = plan(
  desired,
  snapshot(
    [
      account("111111111111"),
      account("222222222222", { ouPath: "/Root/Quarantine" }),
      account("333333333333", { state: "SUSPENDED", status: "skipped", rootCredentials: undefined }),
    ],
    {
      features: { trustedAccess: true, rootCredentialsManagement: true, rootSessions: true },
      unlockTargets: [
        { accountId: "111111111111", s3Bucket: "acme-artifacts", status: "read", policy: POLICY },
      ],
    },
  ),
  NOW,
);
const base = {
  desiredOrganizationId: desired.organization.id,
  desiredDigest: desired.digest,
  ignoreDesiredStateDrift: false,
  maxActions: 50,
};
const action = reviewed.actions[0] as Extract<UnlockAction, { operation: "DeleteBucketPolicy" }>;
const request = reviewed.unlocks[0] as PlannedUnlock;

/** A forger who also recomputes the fingerprint, so only the structural guards can catch it. */
function forged(actions: Plan["actions"], unlocks: PlannedUnlock[] = reviewed.unlocks): Plan {
  return {
    ...reviewed,
    actions,
    unlocks,
    fingerprint: planFingerprint(reviewed.organizationId, actions, reviewed.accounts, unlocks),
  };
}

/** The same request moved to another account, in both the action and the recorded request. */
function movedTo(accountId: string): Plan {
  return forged([{ ...action, accountId }], [{ ...request, accountId }]);
}

describe("apply guards on unlocks", () => {
  it("lets a reviewed unlock through", () => {
    expect(action.operation).toBe("DeleteBucketPolicy");
    expect(checkGuards({ ...base, plan: reviewed })).toBeUndefined();
  });

  it.each<[string, Plan, string]>([
    [
      "an edited recorded policy",
      { ...reviewed, unlocks: [{ ...request, policy: '{"Statement":[]}' }] },
      "plan-tampered",
    ],
    ["an unlock on the management account", movedTo(MANAGEMENT_ID), "forbidden-target"],
    ["an unlock on an unmanaged account", movedTo("222222222222"), "forbidden-target"],
    ["an unlock on a suspended account", movedTo("333333333333"), "forbidden-target"],
    ["an unlock on an account outside the plan", movedTo("444444444444"), "forbidden-target"],
    ["an unlock without its request", forged([action], []), "forbidden-target"],
    [
      "an unlock of another bucket than requested",
      forged([{ ...action, bucket: "other" }]),
      "forbidden-target",
    ],
    ["the same unlock twice", forged([action, action]), "forbidden-target"],
    [
      "an unlock of a request that is already done",
      forged([action], [{ ...request, status: "done" }]),
      "forbidden-target",
    ],
  ])("refuses %s", (_name, edited, code) => {
    expect(checkGuards({ ...base, plan: edited })?.code).toBe(code);
  });
});
