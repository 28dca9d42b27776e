/**
 * The desired state the audit benchmark plans against: what a real organization's looks like,
 * with tag and name selectors (so the audit reads every account's tags, one Organizations call
 * each), exceptions, and an unmanaged OU. It matches the generated organization
 * (src/sandbox/generator-layout.ts): accounts are named `<team>-<env>-<index>` and tagged with
 * team, env, cost-center and, for 1 % of them, break-glass.
 */
export const BENCH_DESIRED_STATE = `# yaml-language-server: $schema=./rootward.schema.json
apiVersion: rootward/v1
kind: RootAccessPolicy
organization:
  id: o-sandbox00001
  managementAccountId: "900000000000"
features:
  trustedAccess: enabled
  rootCredentialsManagement: enabled
  rootSessions: enabled
baseline:
  password: absent
  accessKeys: absent
  signingCertificates: absent
  mfa: absent
exceptions:
  - name: break-glass
    tags: { break-glass: "true" }
    password: allowed
    mfa: required
    reason: Break-glass root access, reviewed every quarter
    owner: security@sandbox.example
  - name: data-prod-legacy-keys
    names: ["data-prod-*"]
    accessKeys: allowed
    reason: Legacy batch jobs still sign with root access keys
    owner: data-platform@sandbox.example
    ticket: SEC-2041
    expires: 2099-12-31
  # Password recovery in production: DenyRootPasswordRecovery blocks it (a plan finding).
  - name: payments-recovery
    names: ["payments-prod-*7"]
    password: present
    mfa: required
    reason: Tax registration needs the root user
    owner: payments@sandbox.example
unmanaged:
  - ous: ["/Root/Sandbox"]
    reason: Individual sandboxes are closed, never remediated
`;
