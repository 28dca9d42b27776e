import type { AuditedAccount, RootCredentials } from "../../src/audit/snapshot.js";
import type { Plan } from "../../src/plan/model.js";
import { plan } from "../../src/plan/plan.js";
import { account, clean, desiredFrom, NOW, policyYaml, snapshot } from "./builders.js";
import { richInputs } from "./rich-plan.js";

/** Plans for GitOps tests: one desired state, audits that drift, drift differently, or converge. */
export const DESIRED_FILES = { "desired-state/policy.yaml": policyYaml() };

export function richPlan(): Plan {
  const { desired, audit, now } = richInputs();
  return plan(desired, audit, now);
}

function withCredentials(id: string, credentials: Partial<RootCredentials>): AuditedAccount {
  return account(id, { name: `team-${id.slice(0, 3)}`, rootCredentials: { ...clean(), ...credentials } });
}

export function driftPlan(kind: "drift" | "changed" | "converged", now = NOW): Plan {
  const desired = desiredFrom(DESIRED_FILES, NOW, "desired-state");
  const password = { password: { present: true } };
  const key = {
    accessKeys: [
      {
        accessKeyId: "AKIAIOSFODNN7EXAMPLE",
        status: "Active" as const,
        createDate: "2019-06-01T00:00:00.000Z",
      },
    ],
  };
  const accounts =
    kind === "drift"
      ? [withCredentials("222222222222", { ...password, ...key }), withCredentials("333333333333", password)]
      : kind === "changed"
        ? [withCredentials("222222222222", password), withCredentials("333333333333", password)]
        : [withCredentials("222222222222", {}), withCredentials("333333333333", {})];
  return plan(desired, snapshot([...accounts, account("444444444444")]), now);
}

/** `count` accounts that each hold a password, two access keys and a certificate. */
export function hugePlan(count: number): Plan {
  const desired = desiredFrom(DESIRED_FILES, NOW, "desired-state");
  const accounts = Array.from({ length: count }, (_, index) => {
    const id = String(100000000000 + index);
    return withCredentials(id, {
      password: { present: true },
      accessKeys: [
        { accessKeyId: `AKIA${id}AAAA`, status: "Active", createDate: "2020-01-01T00:00:00.000Z" },
        { accessKeyId: `AKIA${id}BBBB`, status: "Inactive", createDate: "2020-01-01T00:00:00.000Z" },
      ],
      signingCertificates: [
        { certificateId: `CERT${id}`, status: "Active", uploadDate: "2020-01-01T00:00:00.000Z" },
      ],
    });
  });
  return plan(desired, snapshot(accounts), NOW);
}
