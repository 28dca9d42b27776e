import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { auditArbitrary } from "../../test/support/audit-arbitraries.js";
import { MANAGEMENT_ID } from "../../test/support/builders.js";
import { desiredArbitrary, loadSpec, NOWS } from "../../test/support/desired-arbitraries.js";
import { expectedGovernance, mayChange, usesTags, violations } from "../../test/support/governing-oracle.js";
import { simulateApply } from "../../test/support/simulate-apply.js";
import { plan } from "./plan.js";

/**
 * Properties of `plan` over generated organizations and desired states: every rule value
 * (`allowed` too), exceptions by account, name glob, OU path or id and tag, in two files,
 * expiring the day before, on or after `now` (which itself falls on day boundaries), unmanaged
 * entries, features on and off, accounts failed, unaudited, suspended or closing, tags that
 * could not be read, and forged snapshots that claim the management account or a closing one
 * was audited. What governs an account is worked out by the README's rules in
 * `test/support/governing-oracle.ts`, not by `src/desired/resolve.ts`.
 */
const scenario = fc.record({
  spec: desiredArbitrary,
  audit: auditArbitrary,
  now: fc.constantFrom(...NOWS),
});

describe("plan: properties", () => {
  it("after applying a plan, every account's credentials satisfy its governing entry and a re-plan is empty", () => {
    fc.assert(
      fc.property(scenario, ({ spec, audit, now }) => {
        const desired = loadSpec(spec, now);
        const first = plan(desired, audit, now);
        const applied = simulateApply(audit, first);

        expect(plan(desired, applied, now).actions).toEqual([]);
        for (const account of audit.accounts) {
          const before = account.rootCredentials;
          const after = applied.accounts.find((entry) => entry.id === account.id)?.rootCredentials;
          const governance = expectedGovernance(spec, account, now);
          if (!before || !after || !mayChange(spec, account, now) || governance.kind === "unmanaged") {
            expect({ account: account.id, after }).toEqual({ account: account.id, after: before });
            continue;
          }
          expect({ account: account.id, violations: violations(governance.rules, before, after) }).toEqual({
            account: account.id,
            violations: [],
          });
        }
      }),
      { numRuns: 200 },
    );
  });

  it("never acts on the management account, unmanaged, non-ACTIVE, unaudited or unverifiable accounts", () => {
    fc.assert(
      fc.property(scenario, ({ spec, audit, now }) => {
        const result = plan(loadSpec(spec, now), audit, now);

        const acted = new Set(
          result.actions.flatMap((action) => ("accountId" in action ? [action.accountId] : [])),
        );
        const forbidden = audit.accounts.filter((account) => !mayChange(spec, account, now)).map((a) => a.id);
        expect(forbidden.filter((id) => acted.has(id))).toEqual([]);
        expect(acted.has(MANAGEMENT_ID)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it("governs each account by the entry the README's resolution rules select", () => {
    fc.assert(
      fc.property(scenario, ({ spec, audit, now }) => {
        const result = plan(loadSpec(spec, now), audit, now);

        for (const account of audit.accounts) {
          if (account.id === MANAGEMENT_ID) continue;
          const planned = result.accounts.find((entry) => entry.accountId === account.id);
          if (account.tagsError !== undefined && usesTags(spec)) {
            expect(planned?.governedBy.kind).toBe("unverified");
            continue;
          }
          const expected = expectedGovernance(spec, account, now);
          const governedBy = planned?.governedBy;
          expect({
            account: account.id,
            kind: governedBy?.kind,
            exception: governedBy?.kind === "exception" ? governedBy.name : undefined,
          }).toEqual({
            account: account.id,
            kind: expected.kind,
            exception: expected.kind === "exception" ? expected.name : undefined,
          });
          if (expected.kind !== "unmanaged") expect(planned?.rules).toEqual(expected.rules);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("does not depend on the order of the audit's accounts", () => {
    fc.assert(
      fc.property(
        scenario.chain((generated) =>
          fc.tuple(
            fc.constant(generated),
            fc.shuffledSubarray(generated.audit.accounts, {
              minLength: generated.audit.accounts.length,
              maxLength: generated.audit.accounts.length,
            }),
          ),
        ),
        ([{ spec, audit, now }, shuffled]) => {
          const desired = loadSpec(spec, now);
          expect(plan(desired, { ...audit, accounts: shuffled }, now)).toEqual(plan(desired, audit, now));
        },
      ),
    );
  });
});
