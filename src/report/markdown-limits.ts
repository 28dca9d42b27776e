/**
 * How much markdown GitHub accepts where rootward writes it. Budgets are in UTF-16 code units
 * (`string.length`), which is what the comment limit counts; one code unit is at most 3 bytes of
 * UTF-8, so a budget in code units also bounds the bytes of a job summary.
 */

/** GitHub rejects a comment or pull-request body over 65,536 characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

/**
 * GitHub: "each step is restricted to a maximum size of 1MiB. … If more than 1MiB of content is
 * added for a step, then the upload for the step will fail" (docs.github.com, Workflow commands
 * for GitHub Actions → Adding a job summary → Step isolation and limits). The summary is then
 * lost entirely, so every markdown a workflow appends must stay well below it.
 */
export const STEP_SUMMARY_BYTES = 1_048_576;

/**
 * Plan, apply and doctor markdown, as printed by `--format markdown`: small enough that one step
 * may append several (apply appends two) and still be far below `STEP_SUMMARY_BYTES`.
 */
export const SUMMARY_MARKDOWN_CHARS = 60_000;

/**
 * `drift/REPORT.md`, which the apply workflow appends to its summary: 300,000 code units are at
 * most 900,000 bytes, leaving room for the lines the workflow adds around it.
 */
export const REPORT_MARKDOWN_CHARS = 300_000;

/**
 * `head` and as many `rows` as fit in `budget`, then `more(n)` for the rows left out. The result
 * is at most `budget` long unless `head` and `more` alone are longer.
 */
export function fitRows(
  head: string,
  rows: readonly string[],
  budget: number,
  more: (left: number) => string,
): string {
  let out = head;
  let shown = 0;
  for (const row of rows) {
    const left = rows.length - shown - 1;
    const tail = left > 0 ? more(left).length : 0;
    if (out.length + row.length + tail > budget) break;
    out += row;
    shown++;
  }
  return shown < rows.length ? `${out}${more(rows.length - shown)}` : out;
}
