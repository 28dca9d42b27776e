/**
 * The controls auditors map root credentials to, with the benchmark numbers of each CIS AWS
 * Foundations Benchmark version (the numbering moved between versions, so a number is never
 * quoted without its version). Sources, gathered from Prowler's compliance mappings
 * (prowler-cloud/prowler `prowler/compliance/aws/cis_*_aws.json`), the AWS Security Hub control
 * reference and the AWS Config managed-rule pages, are listed in the README ("Control mapping").
 */

export const CheckIds = ["root-access-key", "root-mfa", "root-hardware-mfa"] as const;
export type CheckId = (typeof CheckIds)[number];

export const CisVersions = ["v3.0.0", "v5.0.0", "v6.0.0", "v7.0.0"] as const;
export type CisVersion = (typeof CisVersions)[number];

export type ControlCheck = {
  id: CheckId;
  title: string;
  cis: Record<CisVersion, string>;
  securityHub: { id: string; title: string };
  prowler: string;
  awsConfigRule: string;
};

export const CHECKS: readonly ControlCheck[] = [
  {
    id: "root-access-key",
    title: "No root user access key",
    cis: { "v3.0.0": "1.4", "v5.0.0": "1.3", "v6.0.0": "2.3", "v7.0.0": "2.4" },
    securityHub: { id: "IAM.4", title: "IAM root user access key should not exist" },
    prowler: "iam_no_root_access_key",
    awsConfigRule: "iam-root-access-key-check",
  },
  {
    id: "root-mfa",
    title: "MFA enabled for the root user",
    cis: { "v3.0.0": "1.5", "v5.0.0": "1.4", "v6.0.0": "2.4", "v7.0.0": "2.5" },
    securityHub: { id: "IAM.9", title: "MFA should be enabled for the root user" },
    prowler: "iam_root_mfa_enabled",
    awsConfigRule: "root-account-mfa-enabled",
  },
  {
    id: "root-hardware-mfa",
    title: "Hardware MFA for the root user",
    cis: { "v3.0.0": "1.6", "v5.0.0": "1.5", "v6.0.0": "2.5", "v7.0.0": "2.6" },
    securityHub: { id: "IAM.6", title: "Hardware MFA should be enabled for the root user" },
    prowler: "iam_root_hardware_mfa_enabled",
    awsConfigRule: "root-account-hardware-mfa-enabled",
  },
];

/**
 * The organization-level control: CIS v7.0.0 2.1.1 (Level 2, manual) asks for centralized root
 * access; Security Hub has no control for it (as of 2026-12). It is one status per organization,
 * not per account.
 */
export const CENTRALIZED_ROOT_ACCESS = {
  id: "centralized-root-access",
  title: "Centralized root access for member accounts (RootCredentialsManagement)",
  cis: { "v7.0.0": "2.1.1" },
  prowler: "iam_root_credentials_management_enabled",
} as const;

/** "CIS v3.0.0 1.4 · v5.0.0 1.3 · …": every version's number, never one without its version. */
export function cisLabel(check: ControlCheck): string {
  return `CIS ${CisVersions.map((version) => `${version} ${check.cis[version]}`).join(" · ")}`;
}
