/**
 * What a repository holding rootward's desired state never commits: plans and audit snapshots
 * written locally (they name account and access key ids), and the apply journals under .rootward/.
 */
export const GITIGNORE_TEMPLATE = "plan.json\naudit.json\n.rootward/\n";
