import { DeleteLoginProfileCommand, GetRoleCommand, ListAccessKeysCommand } from "@aws-sdk/client-iam";
import { ListAccountsCommand, ListHandshakesForAccountCommand } from "@aws-sdk/client-organizations";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import type { CallRecord, SandboxStateView } from "../../src/sandbox/index.js";
import { GENERATED_MANAGEMENT_ID, SECRET_MARKER } from "../../src/sandbox/index.js";
import { clientsFor, expectAwsError, getJson, rootSession, sandboxes } from "./helpers.js";

const start = sandboxes();
type CallsResponse = { total: number; dropped: number; calls: CallRecord[] };

describe("inspection endpoints", () => {
  it("shows the organization and credentials in the audit snapshot's vocabulary, without secrets", async () => {
    const sandbox = await start();
    await rootSession(sandbox, "555555555503", "IAMAuditRootUserCredentials");
    const state = await getJson<SandboxStateView>(sandbox, "/_sandbox/state");
    expect(state.organization).toEqual({
      id: "o-acme1234567",
      rootId: "r-ac12",
      featureSet: "ALL",
      managementAccountId: "999999999999",
    });
    expect(state.features).toEqual({
      trustedAccess: true,
      rootCredentialsManagement: true,
      rootSessions: false,
    });
    expect(state.accounts).toHaveLength(37);
    const search = state.accounts.find((account) => account.id === "555555555503");
    expect(search).toMatchObject({ name: "search-prod", ouPath: "/Root/Workloads/Prod", state: "ACTIVE" });
    expect(search?.rootCredentials.accessKeys.map((key) => key.status)).toEqual(["Active", "Inactive"]);
    expect(search?.rootCredentials.signingCertificates).toHaveLength(1);
    const text = JSON.stringify(state);
    for (const secret of sandbox.issuedSecrets()) expect(text).not.toContain(secret);
    expect(sandbox.issuedSecrets().every((secret) => secret.includes(SECRET_MARKER))).toBe(true);
    const one = await getJson<SandboxStateView>(sandbox, "/_sandbox/state?account=111111111111");
    expect(one.accounts.map((account) => account.name)).toEqual(["billing"]);
  });

  it("logs every call and filters by sequence number", async () => {
    const sandbox = await start();
    const { organizations, sts } = clientsFor(sandbox, "member");
    await sts.send(new GetCallerIdentityCommand({}));
    await expectAwsError(organizations.send(new ListAccountsCommand({})), "AccessDeniedException");
    const all = await getJson<CallsResponse>(sandbox, "/_sandbox/calls");
    expect(all.total).toBe(2);
    expect(
      all.calls.map((call) => [call.service, call.operation, call.account, call.caller, call.outcome]),
    ).toEqual([
      ["sts", "GetCallerIdentity", "444444444441", "member", "ok"],
      ["organizations", "ListAccounts", "444444444441", "member", "AccessDeniedException"],
    ]);
    const later = await getJson<CallsResponse>(sandbox, `/_sandbox/calls?since=${all.calls[0]?.seq}`);
    expect(later.calls.map((call) => call.operation)).toEqual(["ListAccounts"]);
  });

  it("resets the organization, the sessions and the call log", async () => {
    const sandbox = await start();
    const session = await rootSession(sandbox, "888888888802", "IAMDeleteRootUserCredentials");
    await session.iam.send(new DeleteLoginProfileCommand({}));
    expect(sandbox.state({ account: "888888888802" }).accounts[0]?.rootCredentials.password.present).toBe(
      false,
    );
    const response = await fetch(`${sandbox.url}/_sandbox/reset`, { method: "POST" });
    expect(response.status).toBe(200);
    expect(sandbox.state({ account: "888888888802" }).accounts[0]?.rootCredentials.password.present).toBe(
      true,
    );
    expect(sandbox.calls()).toEqual([]);
    await expectAwsError(session.iam.send(new ListAccessKeysCommand({})), "InvalidClientTokenId");
  });

  it("answers unknown endpoints, unsigned requests and operations it does not implement", async () => {
    const sandbox = await start();
    expect((await fetch(`${sandbox.url}/_sandbox/nothing`)).status).toBe(404);
    const info = await getJson<{ url: string; credentials: Record<string, { accountId: string }> }>(
      sandbox,
      "/_sandbox",
    );
    expect(info.url).toBe(sandbox.url);
    expect(info.credentials.management?.accountId).toBe("999999999999");
    const unsigned = await fetch(sandbox.url, {
      method: "POST",
      body: "Action=GetCallerIdentity&Version=2011-06-15",
    });
    expect(unsigned.status).toBe(403);
    expect(await unsigned.text()).toContain("<Code>MissingAuthenticationToken</Code>");
    const { iam, organizations } = clientsFor(sandbox);
    await expectAwsError(iam.send(new GetRoleCommand({ RoleName: "x" })), "InvalidAction");
    await expectAwsError(
      organizations.send(new ListHandshakesForAccountCommand({})),
      "UnknownOperationException",
    );
  });
});

describe("generated organizations", () => {
  it("serves N accounts with deep pagination and working root sessions", async () => {
    const sandbox = await start({ accounts: 20_000, seed: 5 });
    const { organizations } = clientsFor(sandbox);
    const state = sandbox.state();
    expect(state.accounts).toHaveLength(20_001);
    const dirty = state.accounts.filter((account) => account.rootCredentials.password.present);
    expect(dirty.length).toBeGreaterThan(100);
    let token: string | undefined;
    let pages = 0;
    let seen = 0;
    do {
      const page = await organizations.send(new ListAccountsCommand({ NextToken: token }));
      seen += page.Accounts?.length ?? 0;
      token = page.NextToken;
      pages += 1;
    } while (token && pages < 3);
    expect(seen).toBe(60);
    const member = state.accounts.find((account) => account.state === "ACTIVE" && !account.management);
    const session = await rootSession(sandbox, member?.id ?? "", "IAMAuditRootUserCredentials");
    expect((await session.sts.send(new GetCallerIdentityCommand({}))).Account).toBe(member?.id);
    expect(state.organization.managementAccountId).toBe(GENERATED_MANAGEMENT_ID);
  });

  it("is deterministic for a seed", async () => {
    const first = (await start({ accounts: 300, seed: 9 })).state();
    const second = (await start({ accounts: 300, seed: 9 })).state();
    expect(second.accounts).toEqual(first.accounts);
  });
});
