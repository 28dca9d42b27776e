import { describe, expect, it } from "vitest";
import { rootSessionContext } from "../scp/root-session.js";
import { DEFAULT_GENERATED_SCPS, GENERATED_MANAGEMENT_ID, generateOrganization } from "./generator.js";
import type { Organization } from "./model.js";
import { scpDenial } from "./scp.js";

function attachedTo(org: Organization, policyId: string): string[] {
  return [...org.attachments].filter(([, ids]) => ids.includes(policyId)).map(([target]) => target);
}

function ouPathOf(org: Organization, id: string): string {
  return org.ousById.get(id)?.path ?? (id === org.rootId ? "/Root" : id);
}

describe("generateOrganization: shaped like a real organization", () => {
  const org = generateOrganization({ accounts: 2_000, scps: 200, seed: 3 });
  const members = org.accounts.filter((account) => account.id !== GENERATED_MANAGEMENT_ID);

  it("attaches FullAWSAccess to the root, every OU and every account, as AWS does by default", () => {
    const targets = new Set(attachedTo(org, "p-FullAWSAccess"));
    expect(targets.has(org.rootId)).toBe(true);
    for (const ou of org.ous) expect(targets.has(ou.id)).toBe(true);
    for (const account of org.accounts) expect(targets.has(account.id)).toBe(true);
    expect(org.policies.get("p-FullAWSAccess")).toMatchObject({ awsManaged: true, name: "FullAWSAccess" });
  });

  it("nests the OUs that hold accounts 3 to 5 levels below the root", () => {
    const depths = new Set(members.map((account) => ouPathOf(org, account.parentId).split("/").length - 2));
    expect([...depths].sort()).toEqual([3, 4, 5]);
  });

  it("has exactly the number of SCPs asked for, at most 5 on any target (the Organizations quota)", () => {
    expect(org.policies.size).toBe(200);
    expect(Math.max(...[...org.attachments.values()].map((ids) => ids.length))).toBeLessThanOrEqual(5);
    expect(generateOrganization({ accounts: 10 }).policies.size).toBe(DEFAULT_GENERATED_SCPS);
  });

  it("breaks root sessions with a classic deny-root SCP only in a small OU, and blocks password recovery in production", () => {
    const denied = (action: string) =>
      members.filter(
        (account) =>
          account.state === "ACTIVE" &&
          scpDenial(org, account.id, rootSessionContext(account.id, action)) !== undefined,
      );
    const auditDenied = denied("iam:GetAccountSummary");
    expect(new Set(auditDenied.map((account) => ouPathOf(org, account.parentId)))).toEqual(
      new Set(["/Root/Legacy/Mainframe/Restricted"]),
    );
    expect(auditDenied.length).toBeGreaterThan(0);
    expect(auditDenied.length).toBeLessThan(members.length / 100);
    expect(attachedTo(org, "p-denyrootclass").map((id) => ouPathOf(org, id))).toEqual([
      "/Root/Legacy/Mainframe/Restricted",
    ]);
    const recoveryDenied = denied("iam:CreateLoginProfile").map((account) => ouPathOf(org, account.parentId));
    expect(recoveryDenied.filter((path) => path.startsWith("/Root/Workloads/Prod/")).length).toBeGreaterThan(
      500,
    );
    expect(
      recoveryDenied.every(
        (path) => path.startsWith("/Root/Workloads/Prod/") || path === "/Root/Legacy/Mainframe/Restricted",
      ),
    ).toBe(true);
    expect(denied("iam:DeleteAccessKey")).toEqual(auditDenied);
  });

  it("tags most accounts (team, env, cost-center), a few as break-glass, and names them by team and environment", () => {
    const tagged = members.filter((account) => account.tags?.some((tag) => tag.Key === "team"));
    expect(tagged.length / members.length).toBeGreaterThan(0.9);
    expect(tagged.length).toBeLessThan(members.length);
    const breakGlass = members.filter((account) => account.tags?.some((tag) => tag.Key === "break-glass"));
    expect(breakGlass.length).toBeGreaterThan(10);
    expect(members.every((account) => /^[a-z]+-(prod|dev|sandbox)-\d+$/.test(account.name))).toBe(true);
  });

  it("is deterministic for a seed", () => {
    const again = generateOrganization({ accounts: 2_000, scps: 200, seed: 3 });
    expect(again.accounts).toEqual(org.accounts);
    expect([...again.attachments]).toEqual([...org.attachments]);
    expect([...again.policies.values()].map((policy) => policy.content)).toEqual(
      [...org.policies.values()].map((policy) => policy.content),
    );
  });
});
