/**
 * Evidence charts as element trees (see tree.js): the same code draws them in the review page and in the
 * run report. A panel is any list of labelled values with optional intervals, so whatever cells the
 * evidence holds are drawn the same way: bars with interval whiskers, or a series over time.
 */
import { el } from './tree.js';

/** @typedef {import('./tree.js').TreeNode} TreeNode */

/**
 * @typedef {{label: string, value: number, low?: number | null, high?: number | null, n?: number | null, highlight?: boolean, note?: string}} Bar
 * @typedef {{title: string, subtitle?: string, kind?: 'bars' | 'series', unit?: 'fraction' | 'number', reference?: number | null, bars: Bar[]}} Panel
 */

const WIDTH = 680;
const LABEL_WIDTH = 210;
const VALUE_WIDTH = 120;
const ROW_HEIGHT = 26;
const AXIS_HEIGHT = 22;
const MAX_LABEL_CHARS = 32;

/** @type {(x: unknown) => x is number} */
const finite = (x) => typeof x === 'number' && Number.isFinite(x);

/**
 * A number for people: fractions as percentages, other numbers with 3 significant digits.
 *
 * @param {number | null | undefined} value
 * @param {'fraction' | 'number'} [unit]
 * @returns {string}
 */
export function formatValue(value, unit = 'number') {
  if (!finite(value)) return '–';
  if (value === 0) return unit === 'fraction' ? '0 %' : '0';
  if (unit === 'fraction') return `${(value * 100).toFixed(Math.abs(value) < 0.001 ? 3 : 2)} %`;
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude >= 1e6 || magnitude < 1e-3)) return value.toExponential(2);
  return String(Number(value.toPrecision(3)));
}

/**
 * Round tick values covering [min, max]: steps of 1, 2 or 5 times a power of ten.
 *
 * @param {number} min
 * @param {number} max
 * @param {number} [count]
 * @returns {number[]}
 */
export function niceTicks(min, max, count = 5) {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  /** @type {number[]} */
  const ticks = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/**
 * @param {Panel} panel
 * @returns {[number, number]}
 */
function domainOf(panel) {
  const points = [0];
  if (finite(panel.reference)) points.push(panel.reference);
  for (const bar of panel.bars) for (const x of [bar.value, bar.low, bar.high]) if (finite(x)) points.push(x);
  let min = Math.min(...points);
  let max = Math.max(...points);
  if (min === max) max = min + 1;
  const pad = (max - min) * 0.05;
  return [min - (min < 0 ? pad : 0), max + (max > 0 ? pad : 0)];
}

/**
 * @param {string} text
 * @param {number} [max]
 */
function truncate(text, max = MAX_LABEL_CHARS) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * @param {Bar} bar
 * @param {'fraction' | 'number'} unit
 */
function describeBar(bar, unit) {
  const interval = finite(bar.low) && finite(bar.high) ? ` [${formatValue(bar.low, unit)}, ${formatValue(bar.high, unit)}]` : '';
  const n = finite(bar.n) ? `, n=${bar.n}` : '';
  const note = bar.note ? ` — ${bar.note}` : '';
  return `${bar.label}: ${formatValue(bar.value, unit)}${interval}${n}${note}`;
}

/**
 * @param {number} x1
 * @param {number} x2
 * @param {number} y
 * @param {number} cap
 */
function whisker(x1, x2, y, cap) {
  return [
    el('line', { x1, x2, y1: y, y2: y, class: 'whisker' }),
    el('line', { x1, x2: x1, y1: y - cap, y2: y + cap, class: 'whisker' }),
    el('line', { x1: x2, x2, y1: y - cap, y2: y + cap, class: 'whisker' }),
  ];
}

/**
 * Horizontal bars from the reference line (0 unless the panel says otherwise), each with its interval as
 * a whisker and its value and sample size written beside it.
 *
 * @param {Panel} panel
 * @returns {TreeNode}
 */
export function barChart(panel) {
  const unit = panel.unit ?? 'number';
  const [min, max] = domainOf(panel);
  const plotLeft = LABEL_WIDTH;
  const plotRight = WIDTH - VALUE_WIDTH;
  const x = (v) => plotLeft + ((v - min) / (max - min)) * (plotRight - plotLeft);
  const height = AXIS_HEIGHT + panel.bars.length * ROW_HEIGHT + 8;
  const origin = finite(panel.reference) ? panel.reference : 0;
  const ticks = niceTicks(min, max);
  return el(
    'svg',
    { class: 'chart', viewBox: `0 0 ${WIDTH} ${height}`, width: WIDTH, height, role: 'img', 'aria-label': panel.title },
    el('title', {}, panel.title),
    ticks.map((t) => [
      el('line', { x1: x(t), x2: x(t), y1: AXIS_HEIGHT - 4, y2: height - 4, class: 'grid' }),
      el('text', { x: x(t), y: AXIS_HEIGHT - 8, class: 'tick', 'text-anchor': 'middle' }, formatValue(t, unit)),
    ]),
    el('line', { x1: x(origin), x2: x(origin), y1: AXIS_HEIGHT - 4, y2: height - 4, class: 'origin' }),
    panel.bars.map((bar, i) => {
      const y = AXIS_HEIGHT + i * ROW_HEIGHT + ROW_HEIGHT / 2;
      const from = x(origin);
      const to = x(bar.value);
      const tone = bar.value < origin ? 'negative' : 'positive';
      return el(
        'g',
        { class: `row ${tone}${bar.highlight ? ' highlight' : ''}` },
        el('title', {}, describeBar(bar, unit)),
        el('text', { x: plotLeft - 8, y: y + 4, class: 'label', 'text-anchor': 'end' }, truncate(bar.label)),
        el('rect', { x: Math.min(from, to), y: y - 7, width: Math.max(1, Math.abs(to - from)), height: 14, class: 'bar' }),
        finite(bar.low) && finite(bar.high) ? whisker(x(bar.low), x(bar.high), y, 5) : null,
        el('text', { x: plotRight + 8, y: y + 4, class: 'value' }, `${formatValue(bar.value, unit)}${finite(bar.n) ? ` n=${bar.n}` : ''}`),
      );
    }),
  );
}

/**
 * Values in time order (oldest first) joined by a line, each point with its interval.
 *
 * @param {Panel} panel
 * @returns {TreeNode}
 */
export function seriesChart(panel) {
  const unit = panel.unit ?? 'number';
  const [min, max] = domainOf(panel);
  const height = 220;
  const left = 70;
  const right = WIDTH - 20;
  const top = 14;
  const bottom = height - 34;
  const count = panel.bars.length;
  const x = (i) => (count <= 1 ? (left + right) / 2 : left + (i / (count - 1)) * (right - left));
  const y = (v) => bottom - ((v - min) / (max - min)) * (bottom - top);
  const labelEvery = Math.max(1, Math.ceil(count / 8));
  const origin = finite(panel.reference) ? panel.reference : 0;
  return el(
    'svg',
    { class: 'chart series', viewBox: `0 0 ${WIDTH} ${height}`, width: WIDTH, height, role: 'img', 'aria-label': panel.title },
    el('title', {}, panel.title),
    niceTicks(min, max).map((t) => [
      el('line', { x1: left, x2: right, y1: y(t), y2: y(t), class: 'grid' }),
      el('text', { x: left - 6, y: y(t) + 4, class: 'tick', 'text-anchor': 'end' }, formatValue(t, unit)),
    ]),
    el('line', { x1: left, x2: right, y1: y(origin), y2: y(origin), class: 'origin' }),
    count > 1 ? el('polyline', { points: panel.bars.map((b, i) => `${x(i)},${y(b.value)}`).join(' '), class: 'trend' }) : null,
    panel.bars.map((bar, i) => {
      const tone = bar.value < origin ? 'negative' : 'positive';
      const vertical = finite(bar.low) && finite(bar.high);
      return el(
        'g',
        { class: `point ${tone}${bar.highlight ? ' highlight' : ''}` },
        el('title', {}, describeBar(bar, unit)),
        vertical ? el('line', { x1: x(i), x2: x(i), y1: y(bar.low), y2: y(bar.high), class: 'whisker' }) : null,
        el('circle', { cx: x(i), cy: y(bar.value), r: 4, class: 'dot' }),
        i % labelEvery === 0 || i === count - 1
          ? el('text', { x: x(i), y: bottom + 16, class: 'tick', 'text-anchor': 'middle' }, truncate(bar.label, 12))
          : null,
      );
    }),
  );
}

/**
 * A panel as a figure: its title, what it shows, and the chart of its kind.
 *
 * @param {Panel} panel
 * @returns {TreeNode}
 */
export function panelFigure(panel) {
  const chart = panel.bars.length === 0 ? el('p', { class: 'empty' }, 'no values') : panel.kind === 'series' ? seriesChart(panel) : barChart(panel);
  return el(
    'figure',
    { class: 'panel' },
    el('figcaption', {}, el('strong', {}, panel.title), panel.subtitle ? el('span', { class: 'subtitle' }, panel.subtitle) : null),
    chart,
  );
}
