/** Small pieces the review page's views share: ages, JSON shown as tables and lists, status badges. */
import { formatValue } from './charts.js';
import { el } from './tree.js';

/**
 * How long ago a time was, in the largest sensible unit: `45 s`, `12 min`, `5 h`, `3 d`.
 *
 * @param {string} time ISO time
 * @param {number} [now]
 */
export function formatAge(time, now = Date.now()) {
  const seconds = Math.max(0, (now - new Date(time).getTime()) / 1000);
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} d`;
}

/** A proposal status as a coloured badge. */
export function statusBadge(status) {
  return el('span', { class: `badge status-${String(status).toLowerCase()}` }, status);
}

const isPlainObject = (x) => typeof x === 'object' && x !== null && !Array.isArray(x);

/** A JSON value as text: numbers formatted, strings as they are, the rest as compact JSON. */
export function jsonText(value) {
  if (typeof value === 'number') return formatValue(value);
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/**
 * Any JSON value, readably: objects as definition lists, lists of objects as tables, lists of plain values
 * inline. Deeper than `depth` levels, values are shown as JSON text.
 *
 * @param {unknown} value
 * @param {number} [depth]
 */
export function jsonView(value, depth = 3) {
  if (value === null || value === undefined) return el('span', { class: 'muted' }, '–');
  if (depth <= 0 || (!isPlainObject(value) && !Array.isArray(value))) return el('span', { class: 'json' }, jsonText(value));
  if (Array.isArray(value)) {
    if (value.length === 0) return el('span', { class: 'muted' }, 'none');
    if (value.every(isPlainObject)) {
      const columns = [...new Set(value.flatMap((row) => Object.keys(row)))];
      return el(
        'table',
        { class: 'json-table' },
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            columns.map((c) => el('th', {}, c)),
          ),
        ),
        el(
          'tbody',
          {},
          value.map((row) =>
            el(
              'tr',
              {},
              columns.map((c) => el('td', {}, jsonView(row[c], depth - 1))),
            ),
          ),
        ),
      );
    }
    return el('span', { class: 'json' }, value.map(jsonText).join(', '));
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return el('span', { class: 'muted' }, 'none');
  return el(
    'dl',
    { class: 'json-dl' },
    entries.map(([key, v]) => [el('dt', {}, key), el('dd', {}, jsonView(v, depth - 1))]),
  );
}

/**
 * An amount of money per week with its sign, rounded to 4 significant digits: 77934.2 → "+77,930".
 * @param {number} amount
 */
export function formatMoney(amount) {
  const rounded = Number(amount.toPrecision(4));
  return `${rounded > 0 ? '+' : ''}${rounded.toLocaleString('en-US')}`;
}
