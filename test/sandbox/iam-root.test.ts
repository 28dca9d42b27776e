import {
  CreateLoginProfileCommand,
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeleteSigningCertificateCommand,
  DeleteVirtualMFADeviceCommand,
  GetAccessKeyLastUsedCommand,
  GetAccountSummaryCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListMFADevicesCommand,
  ListSigningCertificatesCommand,
  paginateListMFADevices,
  paginateListSigningCertificates,
} from "@aws-sdk/client-iam";
import { describe, expect, it } from "vitest";
import type { AccountView } from "../../src/sandbox/index.js";
import { clientsFor, expectAwsError, getJson, rootSession, sandboxes } from "./helpers.js";

const start = sandboxes();

async function stateOf(sandbox: Parameters<typeof getJson>[0], account: string): Promise<AccountView> {
  const state = await getJson<{ accounts: AccountView[] }>(sandbox, `/_sandbox/state?account=${account}`);
  const view = state.accounts[0];
  if (!view) throw new Error(`no account ${account} in the sandbox state`);
  return view;
}

describe("IAM inside an IAMAuditRootUserCredentials session", () => {
  it("reads the root user's password, keys and summary", async () => {
    const { iam } = await rootSession(await start(), "555555555501", "IAMAuditRootUserCredentials");
    const { SummaryMap } = await iam.send(new GetAccountSummaryCommand({}));
    expect(SummaryMap).toMatchObject({
      AccountPasswordPresent: 1,
      AccountAccessKeysPresent: 1,
      AccountMFAEnabled: 0,
      AccountSigningCertificatesPresent: 0,
      MFADevices: 0,
      MFADevicesInUse: 0,
    });
    const { User } = await iam.send(new GetUserCommand({}));
    expect(User).toMatchObject({ Arn: "arn:aws:iam::555555555501:root", UserId: "555555555501" });
    expect(User?.PasswordLastUsed).toEqual(new Date("2026-09-30T00:00:00Z"));
    const { LoginProfile } = await iam.send(new GetLoginProfileCommand({}));
    expect(LoginProfile).toMatchObject({
      CreateDate: new Date("2020-02-11T00:00:00Z"),
      PasswordResetRequired: false,
    });
    const { AccessKeyMetadata, IsTruncated } = await iam.send(new ListAccessKeysCommand({}));
    expect(IsTruncated).toBe(false);
    expect(AccessKeyMetadata).toEqual([
      {
        AccessKeyId: expect.stringMatching(/^AKIA[A-Z2-7]{16}$/),
        Status: "Active",
        CreateDate: new Date("2021-08-19T00:00:00Z"),
      },
    ]);
    const used = await iam.send(
      new GetAccessKeyLastUsedCommand({ AccessKeyId: AccessKeyMetadata?.[0]?.AccessKeyId }),
    );
    expect(used.AccessKeyLastUsed).toEqual({
      LastUsedDate: new Date("2026-11-17T00:00:00Z"),
      ServiceName: "ec2",
      Region: "eu-west-1",
    });
  });

  it("reports a clean account: empty lists and NoSuchEntity for the login profile", async () => {
    const { iam } = await rootSession(await start(), "555555555502", "IAMAuditRootUserCredentials");
    expect((await iam.send(new ListAccessKeysCommand({}))).AccessKeyMetadata).toEqual([]);
    expect((await iam.send(new ListMFADevicesCommand({}))).MFADevices).toEqual([]);
    expect((await iam.send(new ListSigningCertificatesCommand({}))).Certificates).toEqual([]);
    const error = await expectAwsError(
      iam.send(new GetLoginProfileCommand({})),
      "NoSuchEntityException",
      "Login Profile for User null cannot be found.",
    );
    expect((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBe(404);
    expect((await iam.send(new GetUserCommand({}))).User?.PasswordLastUsed).toBeUndefined();
  });

  it("paginates certificates and MFA devices with Marker/IsTruncated", async () => {
    const { iam } = await rootSession(
      await start({ pageSize: 2 }),
      "666666666602",
      "IAMAuditRootUserCredentials",
    );
    const certificatePages = [];
    for await (const page of paginateListSigningCertificates({ client: iam }, {}))
      certificatePages.push(page);
    expect(certificatePages.map((page) => page.Certificates?.length)).toEqual([2, 1]);
    expect(certificatePages[0]?.IsTruncated).toBe(true);
    const certificates = certificatePages.flatMap((page) => page.Certificates ?? []);
    expect(certificates.map((certificate) => certificate.Status)).toEqual(["Active", "Inactive", "Active"]);
    expect(certificates[0]?.CertificateBody).toMatch(/^-----BEGIN CERTIFICATE-----\nMIICSANDBOXCERT/);
    const devices = [];
    for await (const page of paginateListMFADevices({ client: iam }, { MaxItems: 1 }))
      devices.push(...(page.MFADevices ?? []));
    expect(devices.map((device) => device.SerialNumber)).toEqual([
      "arn:aws:iam::666666666602:mfa/root-account-mfa-device",
      "GAHT55500011",
      "arn:aws:iam::666666666602:mfa/data-dev-root-backup",
    ]);
  });

  it("denies what the task policy leaves out, and any IAM user as resource", async () => {
    const { iam } = await rootSession(await start(), "555555555501", "IAMAuditRootUserCredentials");
    await expectAwsError(
      iam.send(new DeleteLoginProfileCommand({})),
      "AccessDenied",
      "User: arn:aws:sts::555555555501:assumed-root/999999999999/IAMAuditRootUserCredentials is not authorized to perform: iam:DeleteLoginProfile on resource: arn:aws:iam::555555555501:root with an explicit deny in an identity-based policy",
    );
    await expectAwsError(
      iam.send(new GetLoginProfileCommand({ UserName: "alice" })),
      "AccessDenied",
      /arn:aws:iam::555555555501:user\/alice with an explicit deny in an identity-based policy/,
    );
  });

  it("is not reachable with the static management key", async () => {
    const { iam } = clientsFor(await start());
    await expectAwsError(iam.send(new GetUserCommand({})), "AccessDenied", /no identity-based policy allows/);
  });
});

describe("IAM inside an IAMDeleteRootUserCredentials session", () => {
  it("deletes every kind of credential, visible in /_sandbox/state", async () => {
    const sandbox = await start();
    const { iam } = await rootSession(sandbox, "666666666602", "IAMDeleteRootUserCredentials");
    await expectAwsError(iam.send(new GetAccountSummaryCommand({})), "AccessDenied", /iam:GetAccountSummary/);
    const virtual = "arn:aws:iam::666666666602:mfa/root-account-mfa-device";
    // Since 2025-01-07 the delete task policy no longer allows DeleteVirtualMFADevice.
    await expectAwsError(
      iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: virtual })),
      "AccessDenied",
      /iam:DeleteVirtualMFADevice/,
    );
    await iam.send(new DeactivateMFADeviceCommand({ SerialNumber: virtual }));
    expect((await stateOf(sandbox, "666666666602")).rootCredentials.mfaDevices).toContainEqual(
      expect.objectContaining({ serialNumber: virtual, active: false }),
    );
    await iam.send(new DeactivateMFADeviceCommand({ SerialNumber: "GAHT55500011" }));
    const certificates = (await iam.send(new ListSigningCertificatesCommand({}))).Certificates ?? [];
    for (const certificate of certificates) {
      await iam.send(new DeleteSigningCertificateCommand({ CertificateId: certificate.CertificateId }));
    }
    await expectAwsError(
      iam.send(new DeleteSigningCertificateCommand({ CertificateId: certificates[0]?.CertificateId })),
      "NoSuchEntityException",
    );
    const view = await stateOf(sandbox, "666666666602");
    expect(view.rootCredentials.signingCertificates).toEqual([]);
    // The deactivated virtual device stays in the account, unassigned; the hardware token is gone.
    expect(view.rootCredentials.mfaDevices.map(({ serialNumber, active }) => [serialNumber, active])).toEqual(
      [
        [virtual, false],
        ["arn:aws:iam::666666666602:mfa/data-dev-root-backup", true],
      ],
    );
  });

  it("deletes the password and keys of an account", async () => {
    const sandbox = await start();
    const { iam } = await rootSession(sandbox, "888888888802", "IAMDeleteRootUserCredentials");
    const [key] = (await iam.send(new ListAccessKeysCommand({}))).AccessKeyMetadata ?? [];
    await iam.send(new DeleteAccessKeyCommand({ AccessKeyId: key?.AccessKeyId }));
    await expectAwsError(
      iam.send(new DeleteAccessKeyCommand({ AccessKeyId: key?.AccessKeyId })),
      "NoSuchEntityException",
    );
    await iam.send(new DeleteLoginProfileCommand({}));
    await expectAwsError(iam.send(new DeleteLoginProfileCommand({})), "NoSuchEntityException");
    expect((await stateOf(sandbox, "888888888802")).rootCredentials).toEqual({
      password: { present: false },
      accessKeys: [],
      mfaDevices: [],
      signingCertificates: [],
    });
  });
});

describe("IAM inside an IAMCreateRootUserPassword session", () => {
  it("creates a login profile without a password, once", async () => {
    const now = new Date("2026-11-22T12:00:00Z");
    const sandbox = await start({ now: () => now });
    const { iam } = await rootSession(sandbox, "666666666601", "IAMCreateRootUserPassword");
    await expectAwsError(
      iam.send(new CreateLoginProfileCommand({ Password: "hunter2!" })),
      "ValidationError",
      /omitted/,
    );
    const { LoginProfile } = await iam.send(new CreateLoginProfileCommand({}));
    expect(LoginProfile?.CreateDate).toEqual(now);
    await expectAwsError(iam.send(new CreateLoginProfileCommand({})), "EntityAlreadyExistsException");
    await expectAwsError(iam.send(new ListAccessKeysCommand({})), "AccessDenied", /identity-based policy/);
    expect((await stateOf(sandbox, "666666666601")).rootCredentials.password).toEqual({
      present: true,
      createDate: "2026-11-22T12:00:00Z",
    });
  });

  it("is blocked by an SCP that denies CreateLoginProfile to root without an aws:AssumedRoot exemption", async () => {
    const sandbox = await start();
    const { iam } = await rootSession(sandbox, "555555555502", "IAMCreateRootUserPassword");
    await expectAwsError(
      iam.send(new CreateLoginProfileCommand({})),
      "AccessDenied",
      /iam:CreateLoginProfile on resource: arn:aws:iam::555555555502:root with an explicit deny in a service control policy: .*p-denyrootpwd01/,
    );
    expect(sandbox.calls().at(-1)).toMatchObject({
      operation: "CreateLoginProfile",
      outcome: "AccessDenied",
      status: 403,
    });
    // The same SCP does not touch reads, and the AWS sample SCP on /Root/Sandbox lets root sessions through.
    await expectAwsError(iam.send(new GetLoginProfileCommand({})), "NoSuchEntityException");
    const sandboxOu = await rootSession(sandbox, "777777777701", "IAMCreateRootUserPassword");
    expect((await sandboxOu.iam.send(new CreateLoginProfileCommand({}))).LoginProfile).toBeDefined();
  });
});

describe("SCPs in root sessions", () => {
  it("a classic deny-root SCP without the aws:AssumedRoot exemption breaks every call of the session", async () => {
    const sandbox = await start({ fixture: { file: "test/fixtures/sandbox/classic-deny-root.yaml" } });
    const restricted = await rootSession(sandbox, "400000000002", "IAMAuditRootUserCredentials");
    await expectAwsError(
      restricted.iam.send(new GetAccountSummaryCommand({})),
      "AccessDenied",
      /iam:GetAccountSummary on resource: arn:aws:iam::400000000002:root with an explicit deny in a service control policy: arn:aws:organizations::400000000001:policy\/o-denyroot0001\/service_control_policy\/p-restrictroot/,
    );
    await expectAwsError(
      restricted.iam.send(new GetLoginProfileCommand({})),
      "AccessDenied",
      /service control policy/,
    );
    const open = await rootSession(sandbox, "400000000003", "IAMAuditRootUserCredentials");
    expect((await open.iam.send(new GetAccountSummaryCommand({}))).SummaryMap?.AccountPasswordPresent).toBe(
      0,
    );
  });
});
