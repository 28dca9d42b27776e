import {
  DescribeAccountCommand,
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  EnableAWSServiceAccessCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListAWSServiceAccessForOrganizationCommand,
  ListChildrenCommand,
  ListDelegatedAdministratorsCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  type OrganizationsClient,
  paginateListAccounts,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  paginateListTagsForResource,
} from "@aws-sdk/client-organizations";
import { describe, expect, it } from "vitest";
import { clientsFor, expectAwsError, sandboxes } from "./helpers.js";

const start = sandboxes();

async function collect<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(page);
  return all;
}

/** The audit's walk: ListRoots, then OUs and accounts per parent, every list paginated. */
async function walk(
  client: OrganizationsClient,
  parentId: string,
  path: string,
  found: Map<string, string>,
): Promise<void> {
  for (const page of await collect(paginateListAccountsForParent({ client }, { ParentId: parentId }))) {
    for (const account of page.Accounts ?? []) found.set(account.Id ?? "", path);
  }
  for (const page of await collect(
    paginateListOrganizationalUnitsForParent({ client }, { ParentId: parentId }),
  )) {
    for (const ou of page.OrganizationalUnits ?? [])
      await walk(client, ou.Id ?? "", `${path}/${ou.Name}`, found);
  }
}

describe("Organizations over AWS JSON 1.1", () => {
  it("describes the example organization", async () => {
    const { organizations } = clientsFor(await start());
    const { Organization } = await organizations.send(new DescribeOrganizationCommand({}));
    expect(Organization).toMatchObject({
      Id: "o-acme1234567",
      FeatureSet: "ALL",
      MasterAccountId: "999999999999",
    });
  });

  it("lists every account through several pages, with epoch timestamps parsed as dates", async () => {
    const { organizations } = clientsFor(await start({ pageSize: 4 }));
    const pages = await collect(paginateListAccounts({ client: organizations }, {}));
    const accounts = pages.flatMap((page) => page.Accounts ?? []);
    expect(pages.length).toBe(Math.ceil(37 / 4));
    expect(accounts).toHaveLength(37);
    expect(new Set(accounts.map((account) => account.Id)).size).toBe(37);
    const billing = accounts.find((account) => account.Id === "111111111111");
    expect(billing?.JoinedTimestamp).toEqual(new Date("2018-06-01T00:00:00Z"));
    expect(billing).toMatchObject({
      Name: "billing",
      State: "ACTIVE",
      Status: "ACTIVE",
      JoinedMethod: "CREATED",
    });
    const closing = accounts.find((account) => account.Id === "131313131302");
    expect(closing).toMatchObject({ State: "PENDING_CLOSURE", Status: "PENDING_CLOSURE" });
    expect(accounts.find((account) => account.Id === "131313131301")?.State).toBe("SUSPENDED");
  });

  it("walks the OU tree the way the audit does, at page size 2", async () => {
    const { organizations } = clientsFor(await start({ pageSize: 2 }));
    const { Roots } = await organizations.send(new ListRootsCommand({}));
    expect(Roots).toHaveLength(1);
    expect(Roots?.[0]).toMatchObject({ Id: "r-ac12", Name: "Root" });
    const found = new Map<string, string>();
    await walk(organizations, Roots?.[0]?.Id ?? "", "/Root", found);
    expect(found.size).toBe(37);
    expect(found.get("999999999999")).toBe("/Root");
    expect(found.get("555555555510")).toBe("/Root/Workloads/Prod");
    expect(found.get("121212121201")).toBe("/Root/Quarantine");
  });

  it("returns an empty list without a NextToken, and honours MaxResults", async () => {
    const { organizations } = clientsFor(await start());
    const leaf = await organizations.send(
      new ListOrganizationalUnitsForParentCommand({ ParentId: "ou-ac12-wlprod01" }),
    );
    expect(leaf.OrganizationalUnits).toEqual([]);
    expect(leaf.NextToken).toBeUndefined();
    const first = await organizations.send(new ListAccountsCommand({ MaxResults: 1 }));
    expect(first.Accounts).toHaveLength(1);
    expect(first.NextToken).toBeTypeOf("string");
    const second = await organizations.send(
      new ListAccountsCommand({ MaxResults: 1, NextToken: first.NextToken }),
    );
    expect(second.Accounts?.[0]?.Id).not.toBe(first.Accounts?.[0]?.Id);
  });

  it("rejects bad pagination input like the service", async () => {
    const { organizations } = clientsFor(await start());
    await expectAwsError(
      organizations.send(new ListAccountsCommand({ MaxResults: 21 })),
      "InvalidInputException",
    );
    const error = await expectAwsError(
      organizations.send(new ListAccountsCommand({ NextToken: "bm9wZTox" })),
      "InvalidInputException",
      /NextToken/,
    );
    expect((error as { Reason?: string }).Reason).toBe("INVALID_NEXT_TOKEN");
  });

  it("answers the account, parent and tag reads", async () => {
    const { organizations } = clientsFor(await start({ pageSize: 1 }));
    const { Account } = await organizations.send(new DescribeAccountCommand({ AccountId: "222222222222" }));
    expect(Account).toMatchObject({ Name: "security-tooling", Email: "aws+security-tooling@acme.example" });
    expect(Account?.Paths).toEqual(["o-acme1234567/r-ac12/ou-ac12-security/222222222222/"]);
    const { Parents } = await organizations.send(new ListParentsCommand({ ChildId: "555555555501" }));
    expect(Parents).toEqual([{ Id: "ou-ac12-wlprod01", Type: "ORGANIZATIONAL_UNIT" }]);
    const ouParents = await organizations.send(new ListParentsCommand({ ChildId: "ou-ac12-wlprod01" }));
    expect(ouParents.Parents).toEqual([{ Id: "ou-ac12-workload", Type: "ORGANIZATIONAL_UNIT" }]);
    const tagPages = await collect(
      paginateListTagsForResource({ client: organizations }, { ResourceId: "222222222222" }),
    );
    expect(tagPages.length).toBe(2);
    expect(tagPages.flatMap((page) => page.Tags)).toEqual([
      { Key: "root-access", Value: "break-glass" },
      { Key: "team", Value: "security" },
    ]);
    const children = await organizations.send(
      new ListChildrenCommand({ ParentId: "r-ac12", ChildType: "ACCOUNT" }),
    );
    expect(children.Children).toEqual([{ Id: "999999999999", Type: "ACCOUNT" }]);
    await expectAwsError(
      organizations.send(new DescribeAccountCommand({ AccountId: "101010101010" })),
      "AccountNotFoundException",
    );
    await expectAwsError(
      organizations.send(new ListParentsCommand({ ChildId: "101010101010" })),
      "ChildNotFoundException",
    );
    await expectAwsError(
      organizations.send(new ListAccountsForParentCommand({ ParentId: "ou-ac12-missing1" })),
      "ParentNotFoundException",
    );
    await expectAwsError(
      organizations.send(new ListTagsForResourceCommand({ ResourceId: "101010101010" })),
      "TargetNotFoundException",
    );
  });

  it("lists SCPs per target and returns their content", async () => {
    const { organizations } = clientsFor(await start());
    const atRoot = await organizations.send(
      new ListPoliciesForTargetCommand({ TargetId: "r-ac12", Filter: "SERVICE_CONTROL_POLICY" }),
    );
    expect(atRoot.Policies).toEqual([
      expect.objectContaining({
        Id: "p-FullAWSAccess",
        Name: "FullAWSAccess",
        AwsManaged: true,
        Type: "SERVICE_CONTROL_POLICY",
      }),
    ]);
    const atProd = await organizations.send(
      new ListPoliciesForTargetCommand({ TargetId: "ou-ac12-wlprod01", Filter: "SERVICE_CONTROL_POLICY" }),
    );
    expect(atProd.Policies?.map((policy) => policy.Name)).toEqual(["DenyRootPasswordRecovery"]);
    const { Policy } = await organizations.send(new DescribePolicyCommand({ PolicyId: "p-denyrootpwd01" }));
    expect(JSON.parse(Policy?.Content ?? "{}").Statement[0].Action).toBe("iam:CreateLoginProfile");
    const tagPolicies = await organizations.send(
      new ListPoliciesForTargetCommand({ TargetId: "r-ac12", Filter: "TAG_POLICY" }),
    );
    expect(tagPolicies.Policies).toEqual([]);
    await expectAwsError(
      organizations.send(new DescribePolicyCommand({ PolicyId: "p-nosuchpolicy" })),
      "PolicyNotFoundException",
    );
  });

  it("reports and changes trusted access; only the management account may enable it", async () => {
    const sandbox = await start();
    const management = clientsFor(sandbox).organizations;
    const before = await management.send(new ListAWSServiceAccessForOrganizationCommand({}));
    expect(before.EnabledServicePrincipals?.map((item) => item.ServicePrincipal)).toContain(
      "iam.amazonaws.com",
    );
    expect(before.EnabledServicePrincipals?.[0]?.DateEnabled).toEqual(new Date("2024-11-20T00:00:00Z"));
    await management.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: "config.amazonaws.com" }));
    expect(sandbox.state().trustedServices).toContain("config.amazonaws.com");
    const delegated = clientsFor(sandbox, "delegated-admin").organizations;
    await expectAwsError(
      delegated.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: "ram.amazonaws.com" })),
      "AccessDeniedException",
    );
  });

  it("lets the delegated admin read, a plain member only describe the organization", async () => {
    const sandbox = await start();
    const delegated = clientsFor(sandbox, "delegated-admin").organizations;
    expect((await delegated.send(new ListRootsCommand({}))).Roots).toHaveLength(1);
    const admins = await delegated.send(
      new ListDelegatedAdministratorsCommand({ ServicePrincipal: "iam.amazonaws.com" }),
    );
    expect(admins.DelegatedAdministrators?.map((admin) => admin.Id)).toEqual(["333333333334"]);
    const member = clientsFor(sandbox, "member").organizations;
    expect((await member.send(new DescribeOrganizationCommand({}))).Organization?.Id).toBe("o-acme1234567");
    await expectAwsError(
      member.send(new ListAccountsCommand({})),
      "AccessDeniedException",
      /management account/,
    );
  });
});
