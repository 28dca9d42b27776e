import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RootCredentials } from "../audit/snapshot.js";
import { credentialActions } from "../plan/account-plan.js";
import type { AccountAction } from "../plan/model.js";
import { liveMatchesPlan, passwordMatchesPlan } from "./staleness.js";

const planned: RootCredentials = {
  password: { present: true },
  accessKeys: [
    { accessKeyId: "AKIA1", status: "Active" },
    { accessKeyId: "AKIA2", status: "Inactive" },
  ],
  mfaDevices: [{ serialNumber: "arn:aws:iam::111111111111:mfa/root", type: "virtual" }],
  signingCertificates: [{ certificateId: "C1", status: "Active" }],
};
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
