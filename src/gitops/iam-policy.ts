import { type TaskPolicyName, taskPolicyArn } from "../plan/operations.js";

/**
 * The two IAM roles the workflows assume through GitHub OIDC, as data (anchors.md §5):
 * - plan: audits only. AssumeRoot is allowed solely with the audit task policy, plus reads.
 * - apply: changes only. AssumeRoot with the delete/create-password and unlock task policies,
 *   the feature switches, and enabling IAM trusted access; trusted only from the protected
 *   environment.
 */
export const RoleNames = ["plan", "apply"] as const;
export type RoleName = (typeof RoleNames)[number];

/**
 * The account that holds both roles. Switching the root-access features on and enabling
 * trusted access are the management account's alone (src/plan/caller.ts has the sources), so a
 * role in the IAM delegated administrator is not given them: rootward never schedules them
 * there, and an administrator of the management account runs them once (the plan's findings
 * name the commands). Switching the features off works from either account.
 */
export const AccountKinds = ["management", "delegated-admin"] as const;
export type AccountKind = (typeof AccountKinds)[number];

/**
 * The root-task policies each role may start a session with. apply performs reviewed unlock
 * requests (re-reading each policy first), which need the two unlock tasks. They are not given
 * to plan: they also allow Put/DeleteBucketPolicy and SetQueueAttributes, and plan runs for
 * pull requests.
 */
export const ROLE_TASKS: Record<RoleName, readonly TaskPolicyName[]> = {
  plan: ["IAMAuditRootUserCredentials"],
  apply: [
    "IAMDeleteRootUserCredentials",
    "IAMCreateRootUserPassword",
    "S3UnlockBucketPolicy",
    "SQSUnlockQueuePolicy",
  ],
};

export const DEFAULT_OIDC_HOST = "token.actions.githubusercontent.com";
export const DEFAULT_ENVIRONMENT = "root-apply";

export type RolePolicyOptions = {
  owner: string;
  repo: string;
  /** The account holding the roles and the OIDC provider: management or IAM delegated administrator. */
  accountId: string;
  /** What `accountId` is; default `management` (every permission rootward can use). */
  accountKind?: AccountKind;
  /** The branch scheduled drift runs and pushes come from (the OIDC subject names it). */
  branch: string;
  environment: string;
  /** `token.actions.githubusercontent.com`, or `HOST/_services/token` on GitHub Enterprise Server. */
  oidcHost: string;
};

type Statement = {
  Sid: string;
  Effect: "Allow";
  Action: string | string[];
  Resource?: string;
  Principal?: { Federated: string };
  Condition?: Record<string, Record<string, string | string[]>>;
};

export type PolicyDocument = { Version: "2012-10-17"; Statement: Statement[] };

export type RolePolicies = {
  role: RoleName;
  roleName: string;
  trustPolicy: PolicyDocument;
  permissionsPolicy: PolicyDocument;
};

export function rolePolicies(role: RoleName, options: RolePolicyOptions): RolePolicies {
  return {
    role,
    roleName: `rootward-${role}`,
    trustPolicy: trustPolicy(oidcSubjects(role, options), options),
    permissionsPolicy: {
      Version: "2012-10-17",
      Statement: permissions(role, options.accountKind ?? "management"),
    },
  };
}

/**
 * GitHub sets `sub` to `repo:OWNER/REPO:environment:NAME` whenever a job names an environment,
 * and otherwise to `…:pull_request` or `…:ref:refs/heads/BRANCH` (github/docs#28292), so the
 * apply role cannot be assumed by any job outside the protected environment.
 */
export function oidcSubjects(role: RoleName, options: RolePolicyOptions): string[] {
  const repository = `repo:${options.owner}/${options.repo}`;
  if (role === "apply") return [`${repository}:environment:${options.environment}`];
  return [`${repository}:pull_request`, `${repository}:ref:refs/heads/${options.branch}`];
}

function trustPolicy(subjects: string[], options: RolePolicyOptions): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "GitHubActionsOidc",
        Effect: "Allow",
        Principal: { Federated: `arn:aws:iam::${options.accountId}:oidc-provider/${options.oidcHost}` },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          // Exact matches only: a wildcard in `sub` is how other repositories get in.
          StringEquals: {
            [`${options.oidcHost}:aud`]: "sts.amazonaws.com",
            [`${options.oidcHost}:sub`]: subjects.length === 1 ? (subjects[0] as string) : subjects,
          },
        },
      },
    ],
  };
}

function assumeRoot(role: RoleName, sid: string): Statement {
  return {
    Sid: sid,
    Effect: "Allow",
    Action: "sts:AssumeRoot",
    Resource: "arn:aws:iam::*:root",
    Condition: { StringEquals: { "sts:TaskPolicyArn": ROLE_TASKS[role].map(taskPolicyArn) } },
  };
}

/** The Organizations reads apply makes to justify each action live. */
export const APPLY_READS = [
  "organizations:DescribeOrganization",
  "organizations:ListAWSServiceAccessForOrganization",
  "organizations:DescribeAccount",
  "organizations:ListParents",
  "organizations:DescribeOrganizationalUnit",
  "organizations:ListRoots",
  "organizations:ListTagsForResource",
];

function permissions(role: RoleName, accountKind: AccountKind): Statement[] {
  if (role === "plan") {
    return [
      assumeRoot("plan", "AuditRootCredentialsOnly"),
      {
        Sid: "ReadOrganization",
        Effect: "Allow",
        Action: ["organizations:Describe*", "organizations:List*"],
        Resource: "*",
      },
      {
        Sid: "ReadRootAccessFeatures",
        Effect: "Allow",
        Action: "iam:ListOrganizationsFeatures",
        Resource: "*",
      },
    ];
  }
  const management = accountKind === "management";
  return [
    assumeRoot("apply", "RemediateRootCredentials"),
    {
      Sid: "SwitchRootAccessFeatures",
      Effect: "Allow",
      Action: [
        "iam:ListOrganizationsFeatures",
        ...(management
          ? ["iam:EnableOrganizationsRootCredentialsManagement", "iam:EnableOrganizationsRootSessions"]
          : []),
        "iam:DisableOrganizationsRootCredentialsManagement",
        "iam:DisableOrganizationsRootSessions",
      ],
      Resource: "*",
    },
    // Only switching IAM trusted access on, and only from the management account; switching it
    // off is never rootward's (src/plan/caller.ts).
    ...(management
      ? [
          {
            Sid: "EnableIamTrustedAccess",
            Effect: "Allow" as const,
            Action: "organizations:EnableAWSServiceAccess",
            Resource: "*",
            Condition: { StringEquals: { "organizations:ServicePrincipal": "iam.amazonaws.com" } },
          },
        ]
      : []),
    {
      // apply re-reads, live, everything it justifies an action with (DESIGN.md "Trust model"):
      // the organization and its management account, IAM trusted access, and each touched
      // account's state (DescribeAccount), OU path (ListParents, DescribeOrganizationalUnit,
      // ListRoots) and tags. Exactly these reads: src/apply/apply-plan.ts, src/aws/account-facts.ts.
      Sid: "ReadWhatApplyVerifies",
      Effect: "Allow",
      Action: APPLY_READS,
      Resource: "*",
    },
  ];
}
