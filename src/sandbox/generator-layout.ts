import type { Tag } from "./model.js";

/**
 * The shape of a generated organization, modelled on a landing zone: a Security OU, shared
 * infrastructure, workloads split by environment and business unit, individual sandboxes and a
 * small legacy OU. Leaf OUs sit 3 to 5 levels below the root. `weight` is the leaf's share of
 * member accounts (out of WEIGHT_TOTAL), assigned round-robin so the layout does not depend on N.
 */
export type LeafOu = { path: string; team: string; env: "prod" | "dev" | "sandbox"; weight: number };

const BUSINESS_UNITS = ["payments", "search", "data", "platform", "identity"] as const;

function capitalized(name: string): string {
  return `${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}

export const LEAF_OUS: readonly LeafOu[] = [
  { path: "Security/Core/LogArchive", team: "security", env: "prod", weight: 2 },
  { path: "Security/Core/Audit", team: "security", env: "prod", weight: 2 },
  { path: "Infrastructure/Shared/Network/Egress", team: "network", env: "prod", weight: 4 },
  { path: "Infrastructure/Shared/Identity/Directory", team: "identity", env: "prod", weight: 3 },
  ...BUSINESS_UNITS.flatMap((unit): LeafOu[] => [
    { path: `Workloads/Prod/${capitalized(unit)}/Api`, team: unit, env: "prod", weight: 10 },
    { path: `Workloads/Prod/${capitalized(unit)}/Batch/Jobs`, team: unit, env: "prod", weight: 7 },
    { path: `Workloads/Dev/${capitalized(unit)}/Api`, team: unit, env: "dev", weight: 8 },
    { path: `Workloads/Dev/${capitalized(unit)}/Batch/Jobs`, team: unit, env: "dev", weight: 5 },
  ]),
  { path: "Sandbox/Individual/Developers", team: "sandbox", env: "sandbox", weight: 17 },
  // Small on purpose: the classic deny-root SCP below breaks root sessions here (0.5 % of accounts).
  { path: "Legacy/Mainframe/Restricted", team: "legacy", env: "prod", weight: 1 },
];

export const WEIGHT_TOTAL = LEAF_OUS.reduce((sum, leaf) => sum + leaf.weight, 0);

/** Leaf index for each slot of one round (WEIGHT_TOTAL slots), interleaved so small N spread out. */
export function leafCycle(): number[] {
  const slots: number[] = [];
  const remaining = LEAF_OUS.map((leaf) => leaf.weight);
  while (slots.length < WEIGHT_TOTAL) {
    remaining.forEach((left, index) => {
      if (left > 0) {
        slots.push(index);
        remaining[index] = left - 1;
      }
    });
  }
  return slots;
}

/** Shared tag lists per leaf (accounts reference them, so memory stays constant per account). */
export function leafTags(leaf: LeafOu): { plain: Tag[]; breakGlass: Tag[] } {
  const plain = [
    { Key: "team", Value: leaf.team },
    { Key: "env", Value: leaf.env },
    { Key: "cost-center", Value: `cc-${leaf.team}` },
  ];
  return { plain, breakGlass: [...plain, { Key: "break-glass", Value: "true" }] };
}

export const FULL_AWS_ACCESS =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';

const ROOT_ARN = { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:root" } };

/** A named SCP and the OU paths (relative to the root; "" is the root) it is attached to. */
export type PolicyTemplate = {
  id: string;
  name: string;
  description: string;
  content: string;
  targets: string[];
};

/**
 * The Deny SCPs every generated organization has, whatever `scps` asks: two that break root
 * tasks (the classic deny-root without the `aws:AssumedRoot` exemption, e.g. Control Tower's
 * GRRESTRICTROOTUSER, on the small Restricted OU; and a deny of password recovery on
 * production), the AWS sample that exempts root sessions, and a deny of leaving the organization.
 */
export const FIXED_POLICIES: readonly PolicyTemplate[] = [
  {
    id: "p-denyrootclass",
    name: "DenyRootUser",
    description: "Classic deny-root control without the aws:AssumedRoot exemption",
    content: JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Sid: "DenyRoot", Effect: "Deny", Action: "*", Resource: "*", Condition: ROOT_ARN }],
    }),
    targets: ["Legacy/Mainframe/Restricted"],
  },
  {
    id: "p-denyrootpwd01",
    name: "DenyRootPasswordRecovery",
    description: "Deny creating a root login profile in production accounts",
    content: JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "DenyRootLoginProfile",
          Effect: "Deny",
          Action: "iam:CreateLoginProfile",
          Resource: "*",
          Condition: ROOT_ARN,
        },
      ],
    }),
    targets: ["Workloads/Prod"],
  },
  {
    id: "p-denyrootexas1",
    name: "DenyRootUserExceptAssumedRoot",
    description: "Deny the root user unless it acts through a centralized root session",
    content: JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "DenyRootExceptAssumedRoot",
          Effect: "Deny",
          Action: "*",
          Resource: "*",
          Condition: { ...ROOT_ARN, Null: { "aws:AssumedRoot": "true" } },
        },
      ],
    }),
    targets: ["Workloads", "Sandbox"],
  },
  {
    id: "p-denyleaveorg1",
    name: "DenyLeaveOrganization",
    description: "Member accounts cannot leave the organization",
    content: JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Deny", Action: "organizations:LeaveOrganization", Resource: "*" }],
    }),
    targets: [""],
  },
];

/**
 * Guardrails of the kind large organizations accumulate; none of them touches an action of a
 * root task, so they only cost reading. Numbered copies reach any SCP count.
 */
const FILLER_STATEMENTS: ReadonlyArray<{ name: string; statement: Record<string, unknown> }> = [
  {
    // Scoped to regional compute: the sandbox's request context has no aws:RequestedRegion, and a
    // negated operator on an absent key matches, which would deny every other service.
    name: "DenyComputeOutsideEu",
    statement: {
      Effect: "Deny",
      Action: ["ec2:*", "rds:*", "lambda:*", "ecs:*", "eks:*"],
      Resource: "*",
      Condition: { StringNotEquals: { "aws:RequestedRegion": ["eu-west-1", "eu-central-1"] } },
    },
  },
  {
    name: "ProtectCloudTrail",
    statement: {
      Effect: "Deny",
      Action: ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail"],
      Resource: "*",
    },
  },
  {
    name: "ProtectConfig",
    statement: {
      Effect: "Deny",
      Action: ["config:DeleteConfigurationRecorder", "config:StopConfigurationRecorder"],
      Resource: "*",
    },
  },
  {
    name: "ProtectGuardDuty",
    statement: {
      Effect: "Deny",
      Action: ["guardduty:DeleteDetector", "guardduty:DisassociateFromMasterAccount"],
      Resource: "*",
    },
  },
  {
    name: "DenyPublicS3",
    statement: {
      Effect: "Deny",
      Action: ["s3:PutAccountPublicAccessBlock", "s3:DeleteAccountPublicAccessBlock"],
      Resource: "*",
    },
  },
  {
    name: "DenyInternetGateways",
    statement: {
      Effect: "Deny",
      Action: ["ec2:AttachInternetGateway", "ec2:CreateInternetGateway"],
      Resource: "*",
    },
  },
  {
    name: "RequireImdsV2",
    statement: {
      Effect: "Deny",
      Action: "ec2:RunInstances",
      Resource: "arn:aws:ec2:*:*:instance/*",
      Condition: { StringNotEquals: { "ec2:MetadataHttpTokens": "required" } },
    },
  },
  {
    name: "DenyIamUsersOutsidePlatform",
    statement: {
      Effect: "Deny",
      Action: ["iam:CreateUser", "iam:CreateAccessKey"],
      Resource: "arn:aws:iam::*:user/*",
      Condition: { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/platform-admin" } },
    },
  },
];

export function fillerPolicy(index: number): Omit<PolicyTemplate, "targets"> {
  const template = FILLER_STATEMENTS[index % FILLER_STATEMENTS.length] as (typeof FILLER_STATEMENTS)[number];
  return {
    id: `p-guard${String(index).padStart(5, "0")}`,
    name: `${template.name}-${index}`,
    description: "Generated guardrail",
    content: JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "Guard", ...template.statement }] }),
  };
}
