/** Small wording and escaping helpers shared by every rendering. */

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** Text inside markdown HTML (summaries, details): GitHub renders tags, so escape them. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Text inside a markdown table cell: a `|` or a line break would end the cell. */
export function escapeCell(text: string): string {
  return escapeHtml(text).replace(/\|/g, "\\|").replace(/\n/g, " ");
}
