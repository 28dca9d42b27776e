import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RootCredentials } from "../audit/snapshot.js";
import { credentialActions } from "../plan/account-plan.js";
import type { AccountAction } from "../plan/model.js";
import { liveMatchesPlan, passwordMatchesPlan, unlockPolicyMatchesPlan } from "./staleness.js";

const planned: RootCredentials = {
  password: { present: true },
  accessKeys: [
    { accessKeyId: "AKIA1", status: "Active" },
    { accessKeyId: "AKIA2", status: "Inactive" },
  ],
  mfaDevices: [{ serialNumber: "arn:aws:iam::111111111111:mfa/root", type: "virtual" }],
  signingCertificates: [{ certificateId: "C1", status: "Active" }],
};
const MFA = "arn:aws:iam::111111111111:mfa/root";
const DELETE = { accountId: "111111111111", taskPolicy: "IAMDeleteRootUserCredentials" } as const;
/** What the planner schedules for `planned` when every credential is `absent`. */
const deleteAll: AccountAction[] = [
  { ...DELETE, operation: "DeactivateMFADevice", serialNumber: "arn:aws:iam::111111111111:mfa/root" },
  { ...DELETE, operation: "DeleteAccessKey", accessKeyId: "AKIA1" },
  { ...DELETE, operation: "DeleteAccessKey", accessKeyId: "AKIA2" },
  { ...DELETE, operation: "DeleteSigningCertificate", certificateId: "C1" },
  { ...DELETE, operation: "DeleteLoginProfile" },
];
/** Everything `allowed`: nothing to do. */
const keepAll: AccountAction[] = [];

describe("liveMatchesPlan", () => {
  it.each<[string, RootCredentials, typeof deleteAll, string | undefined]>([
    ["unchanged", planned, deleteAll, undefined],
    [
      "everything already deleted (a re-run)",
      { password: { present: false }, accessKeys: [], mfaDevices: [], signingCertificates: [] },
      deleteAll,
      undefined,
    ],
    [
      "one key already deleted",
      { ...planned, accessKeys: [{ accessKeyId: "AKIA2", status: "Inactive" }] },
      deleteAll,
      undefined,
    ],
    [
      // Only a delete of that very key excuses its absence, not a delete of another one.
      "a key the plan keeps is gone, while the plan deletes another",
      { ...planned, accessKeys: [{ accessKeyId: "AKIA1", status: "Active" }] },
      [{ ...DELETE, operation: "DeleteAccessKey", accessKeyId: "AKIA1" }],
      "access key AKIA2 disappeared since the plan",
    ],
    [
      "a new key appeared",
      { ...planned, accessKeys: [...planned.accessKeys, { accessKeyId: "AKIA3", status: "Active" }] },
      deleteAll,
      "access key AKIA3 appeared since the plan",
    ],
    [
      "a key was re-activated",
      {
        ...planned,
        accessKeys: [
          { accessKeyId: "AKIA1", status: "Active" },
          { accessKeyId: "AKIA2", status: "Active" },
        ],
      },
      deleteAll,
      "access key AKIA2 changed from Inactive to Active since the plan",
    ],
    [
      "a kept key disappeared",
      { ...planned, accessKeys: [{ accessKeyId: "AKIA2", status: "Inactive" }] },
      keepAll,
      "access key AKIA1 disappeared since the plan",
    ],
    [
      "a kept password was deleted",
      { ...planned, password: { present: false } },
      keepAll,
      "the root password was deleted since the plan",
    ],
    [
      "a new MFA device",
      { ...planned, mfaDevices: [...planned.mfaDevices, { serialNumber: "GAHT1", type: "hardware" }] },
      deleteAll,
      "MFA device GAHT1 appeared since the plan",
    ],
  ])("%s", (_name, live, actions, expected) => {
    expect(liveMatchesPlan(planned, live, actions)).toBe(expected);
  });

  it("accepts every state reached by applying any subset of the planned actions", () => {
    fc.assert(
      fc.property(fc.subarray(deleteAll), (done) => {
        const gone = (id: string) =>
          done.some(
            (action) =>
              action.accessKeyId === id || action.serialNumber === id || action.certificateId === id,
          );
        const live: RootCredentials = {
          password: { present: !done.some((action) => action.operation === "DeleteLoginProfile") },
          accessKeys: planned.accessKeys.filter((key) => !gone(key.accessKeyId)),
          mfaDevices: planned.mfaDevices.filter((device) => !gone(device.serialNumber)),
          signingCertificates: planned.signingCertificates.filter(
            (certificate) => !gone(certificate.certificateId),
          ),
        };

        expect(liveMatchesPlan(planned, live, deleteAll)).toBeUndefined();
      }),
    );
  });
});

describe("passwordMatchesPlan", () => {
  it.each([
    [false, [], undefined],
    [true, [], "the root password was created since the plan"],
  ] as const)("password present now: %s", (present, actions, expected) => {
    expect(passwordMatchesPlan({ ...planned, password: { present: false } }, present, actions)).toBe(
      expected,
    );
  });
});

describe("the fixtures above are what the planner schedules", () => {
  it.each([
    ["absent", deleteAll],
    ["allowed", keepAll],
  ] as const)("every credential %s", (rule, actions) => {
    const rules = { password: rule, accessKeys: rule, signingCertificates: rule, mfa: rule };
    expect(credentialActions("111111111111", rules, planned)).toEqual(actions);
  });
});

describe("liveMatchesPlan: each credential kind, and only its own delete excuses a disappearance", () => {
  const only = (...operations: AccountAction["operation"][]) =>
    deleteAll.filter((action) => operations.includes(action.operation));

  it.each<[string, Partial<RootCredentials>, AccountAction[], string | undefined]>([
    [
      "a kept MFA device disappeared",
      { mfaDevices: [] },
      keepAll,
      `MFA device ${MFA} disappeared since the plan`,
    ],
    ["a deactivated MFA device is gone", { mfaDevices: [] }, only("DeactivateMFADevice"), undefined],
    [
      "an MFA device gone while only keys were deleted",
      { mfaDevices: [] },
      only("DeleteAccessKey"),
      `MFA device ${MFA} disappeared since the plan`,
    ],
    [
      "a key gone while only its MFA namesake was deactivated",
      { accessKeys: [{ accessKeyId: "AKIA2", status: "Inactive" }] },
      [{ ...DELETE, operation: "DeactivateMFADevice", serialNumber: "AKIA1" }],
      "access key AKIA1 disappeared since the plan",
    ],
    [
      "a certificate gone while only its key namesake was deleted",
      { signingCertificates: [] },
      [{ ...DELETE, operation: "DeleteAccessKey", accessKeyId: "C1" }],
      "signing certificate C1 disappeared since the plan",
    ],
    [
      "a key gone while only its certificate namesake was deleted",
      { accessKeys: [{ accessKeyId: "AKIA2", status: "Inactive" }] },
      [{ ...DELETE, operation: "DeleteSigningCertificate", certificateId: "AKIA1" }],
      "access key AKIA1 disappeared since the plan",
    ],
    [
      "a deleted certificate is gone",
      { signingCertificates: [] },
      only("DeleteSigningCertificate"),
      undefined,
    ],
    [
      "a kept certificate disappeared",
      { signingCertificates: [] },
      keepAll,
      "signing certificate C1 disappeared since the plan",
    ],
    [
      "a new certificate",
      { signingCertificates: [...planned.signingCertificates, { certificateId: "C2", status: "Active" }] },
      deleteAll,
      "signing certificate C2 appeared since the plan",
    ],
    [
      "a certificate made inactive",
      { signingCertificates: [{ certificateId: "C1", status: "Inactive" }] },
      deleteAll,
      "signing certificate C1 changed from Active to Inactive since the plan",
    ],
    [
      "a key made inactive",
      {
        accessKeys: [
          { accessKeyId: "AKIA1", status: "Inactive" },
          { accessKeyId: "AKIA2", status: "Inactive" },
        ],
      },
      deleteAll,
      "access key AKIA1 changed from Active to Inactive since the plan",
    ],
    [
      "the password deleted although the plan only deletes keys",
      { password: { present: false } },
      only("DeleteAccessKey"),
      "the root password was deleted since the plan",
    ],
    [
      "the password deleted as planned",
      { password: { present: false } },
      only("DeleteLoginProfile"),
      undefined,
    ],
    [
      "the password checked first",
      { password: { present: false }, accessKeys: [] },
      keepAll,
      "the root password was deleted since the plan",
    ],
    [
      "keys checked before MFA devices",
      { accessKeys: [], mfaDevices: [] },
      keepAll,
      "access key AKIA1 disappeared since the plan",
    ],
    [
      "MFA devices checked before certificates",
      { mfaDevices: [], signingCertificates: [] },
      keepAll,
      `MFA device ${MFA} disappeared since the plan`,
    ],
  ])("%s", (_name, change, actions, expected) => {
    expect(liveMatchesPlan(planned, { ...planned, ...change }, actions)).toBe(expected);
  });
});

describe("passwordMatchesPlan: a planned password change excuses any password state", () => {
  const create: AccountAction = {
    operation: "CreateLoginProfile",
    accountId: "111111111111",
    taskPolicy: "IAMCreateRootUserPassword",
  };

  it.each<[string, boolean, boolean, AccountAction[], string | undefined]>([
    ["created as planned", false, true, [create], undefined],
    ["not created yet", false, false, [create], undefined],
    ["created, nothing planned", false, true, [], "the root password was created since the plan"],
    ["deleted, nothing planned", true, false, [], "the root password was deleted since the plan"],
    ["deleted as planned", true, false, [{ ...DELETE, operation: "DeleteLoginProfile" }], undefined],
    ["unchanged", true, true, [], undefined],
  ])("%s", (_name, before, now, actions, expected) => {
    expect(passwordMatchesPlan({ ...planned, password: { present: before } }, now, actions)).toBe(expected);
  });
});

describe("unlockPolicyMatchesPlan", () => {
  const policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*"}]}';

  it.each<[string, string, string, boolean]>([
    ["the same text", policy, policy, true],
    [
      "the same document with its keys in another order and spaces",
      policy,
      '{ "Statement": [ { "Action": "s3:*", "Principal": "*", "Effect": "Deny" } ], "Version": "2012-10-17" }',
      true,
    ],
    ["another document", policy, policy.replace("Deny", "Allow"), false],
    ["statements in another order", '{"S":[1,2]}', '{"S":[2,1]}', false],
    ["the same text that is not JSON", "not json", "not json", true],
    ["other text that is not JSON", "not json", "not json!", false],
    ["JSON planned, text live", policy, "not json", false],
  ])("%s: %s", (_name, planned, live, same) => {
    expect(unlockPolicyMatchesPlan(planned, live)).toBe(same);
  });
});
