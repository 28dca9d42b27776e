import { describe, expect, it } from "vitest";
import {
  type AccountOperation,
  iamActionOf,
  type TaskPolicyName,
  taskPolicyArn,
  taskPolicyFor,
} from "./operations.js";

describe("operations", () => {
  // AssumeRoot's TaskPolicyArn: arn:aws:iam::aws:policy/root-task/<task> (IAM User Guide,
  // "Perform a privileged task on an AWS Organizations member account").
  it.each<[TaskPolicyName, string]>([
    ["IAMAuditRootUserCredentials", "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials"],
    ["S3UnlockBucketPolicy", "arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy"],
  ])("the task policy %s is %s", (name, arn) => {
    expect(taskPolicyArn(name)).toBe(arn);
  });

  it.each<[AccountOperation, TaskPolicyName, string]>([
    ["DeactivateMFADevice", "IAMDeleteRootUserCredentials", "iam:DeactivateMFADevice"],
    ["DeleteAccessKey", "IAMDeleteRootUserCredentials", "iam:DeleteAccessKey"],
    ["DeleteSigningCertificate", "IAMDeleteRootUserCredentials", "iam:DeleteSigningCertificate"],
    ["DeleteLoginProfile", "IAMDeleteRootUserCredentials", "iam:DeleteLoginProfile"],
    ["CreateLoginProfile", "IAMCreateRootUserPassword", "iam:CreateLoginProfile"],
  ])("%s runs in a %s session and needs %s", (operation, task, permission) => {
    expect(taskPolicyFor(operation)).toBe(task);
    expect(iamActionOf(operation)).toBe(permission);
  });
});
