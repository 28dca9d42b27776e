import type { TrendPoint } from "../history-record.js";
import { formatCount, type Html, html } from "./html.js";

/**
 * Inline SVG charts. Colours come from CSS classes (`fill-drift`, …) so they follow the light or
 * dark theme; every segment and point carries a <title>, and each chart sits next to its numbers
 * in text, so nothing is said only in colour.
 */
export type Segment = { className: string; label: string; value: number };

export function stackedBar(segments: readonly Segment[], label: string): Html {
  const total = segments.reduce((sum, segment) => sum + segment.value, 0);
  let x = 0;
  const rects = segments
    .filter((segment) => segment.value > 0)
    .map((segment) => {
      const width = (segment.value / total) * 1000;
      const rect = html`<rect class="fill-${segment.className}" x="${x.toFixed(2)}" y="0" width="${width.toFixed(2)}" height="14"><title>${segment.label}: ${formatCount(segment.value)}</title></rect>`;
      x += width;
      return rect;
    });
  return html`<svg class="bar" viewBox="0 0 1000 14" preserveAspectRatio="none" role="img" aria-label="${label}">${rects}</svg>`;
}

export function legend(segments: readonly Segment[]): Html {
  const items = segments.map(
    (segment) =>
      html`<li><span class="swatch bg-${segment.className}"></span>${segment.label} <strong>${formatCount(segment.value)}</strong></li>`,
  );
  return html`<ul class="legend">${items}</ul>`;
}

const SERIES: ReadonlyArray<{ key: keyof Omit<TrendPoint, "at">; className: string; label: string }> = [
  { key: "compliant", className: "compliant", label: "Compliant" },
  { key: "excepted", className: "excepted", label: "Excepted" },
  { key: "drift", className: "drift", label: "Drifting" },
  { key: "notVerified", className: "not-verified", label: "Not verified" },
];

const WIDTH = 760;
const HEIGHT = 220;
const LEFT = 52;
const RIGHT = 16;
const TOP = 12;
const BOTTOM = 30;

/** Accounts per posture over time; one line per posture, a point per audit. */
export function trendChart(points: readonly TrendPoint[]): Html {
  const times = points.map((point) => Date.parse(point.at));
  const first = Math.min(...times);
  const last = Math.max(...times);
  const max = Math.max(1, ...points.flatMap((point) => SERIES.map((series) => point[series.key])));
  const x = (time: number) =>
    LEFT + (last === first ? 0.5 : (time - first) / (last - first)) * (WIDTH - LEFT - RIGHT);
  const y = (value: number) => TOP + (1 - value / max) * (HEIGHT - TOP - BOTTOM);
  const grid = [0, 0.5, 1].map((fraction) => {
    const value = Math.round(max * fraction);
    return html`<line class="axis" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${y(value).toFixed(1)}" y2="${y(value).toFixed(1)}"/><text x="${LEFT - 6}" y="${(y(value) + 4).toFixed(1)}" text-anchor="end">${formatCount(value)}</text>`;
  });
  const dates = [first, last]
    .filter((time, index, all) => all.indexOf(time) === index)
    .map(
      (time, index) =>
        html`<text x="${x(time).toFixed(1)}" y="${HEIGHT - 8}" text-anchor="${index === 0 ? "start" : "end"}">${new Date(time).toISOString().slice(0, 10)}</text>`,
    );
  const lines = SERIES.map((series) => {
    const coordinates = points.map(
      (point, index) => `${x(times[index] ?? 0).toFixed(1)},${y(point[series.key]).toFixed(1)}`,
    );
    const dots = points.map(
      (point, index) =>
        html`<circle class="fill-${series.className}" cx="${x(times[index] ?? 0).toFixed(1)}" cy="${y(point[series.key]).toFixed(1)}" r="3"><title>${series.label} ${point.at.slice(0, 10)}: ${formatCount(point[series.key])}</title></circle>`,
    );
    return html`<polyline class="line stroke-${series.className}" points="${coordinates.join(" ")}"/>${dots}`;
  });
  return html`<svg class="trend" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="Accounts by posture over time">${grid}${dates}${lines}</svg>${legend(
    SERIES.map((series) => ({
      className: series.className,
      label: series.label,
      value: points.at(-1)?.[series.key] ?? 0,
    })),
  )}`;
}
