/**
 * The episode space in two dimensions (the API's projection on its first two principal components): one
 * dot per past episode, coloured by its mean return per trade (blue above zero, red below, paler near
 * zero), ringed when it ran the proposed or the live config, larger when it is among the nearest
 * neighbours; today's conditions (the proposal's) as a cross.
 */
import { formatValue, niceTicks } from './charts.js';
import { el } from './tree.js';

const WIDTH = 680;
const HEIGHT = 360;
const MARGIN = { left: 56, right: 150, top: 14, bottom: 36 };

/**
 * @typedef {{episode_id: string, config_key: string, role: 'proposed' | 'live' | 'other', n: number, mean_return: number, neighbour: boolean, x: number, y: number}} MappedEpisode
 * @typedef {{now: {x: number, y: number, period_start: string, regime_label: string | null}, projection: {explained: number[], episodes: MappedEpisode[]}}} EpisodeMap
 */

/**
 * A colour for an outcome: its sign picks the hue, its size against the largest the saturation.
 *
 * @param {number} value
 * @param {number} largest
 */
export function outcomeColour(value, largest) {
  const strength = largest > 0 ? Math.min(1, Math.abs(value) / largest) : 0;
  const hue = value < 0 ? 2 : 215;
  return `hsl(${hue}, ${Math.round(20 + 60 * strength)}%, ${Math.round(82 - 34 * strength)}%)`;
}

/**
 * @param {number[]} values
 * @returns {[number, number]}
 */
function extent(values) {
  const min = Math.min(...values);
  const max = Math.max(...values);
  const pad = max > min ? (max - min) * 0.06 : 1;
  return [min - pad, max + pad];
}

/** @param {number} share */
const percentOf = (share) => `${Math.round(share * 100)} %`;

/**
 * @param {EpisodeMap} map
 */
export function episodeMapChart(map) {
  const { episodes, explained } = map.projection;
  const [xMin, xMax] = extent([map.now.x, ...episodes.map((e) => e.x)]);
  const [yMin, yMax] = extent([map.now.y, ...episodes.map((e) => e.y)]);
  const right = WIDTH - MARGIN.right;
  const bottom = HEIGHT - MARGIN.bottom;
  /** @param {number} v */
  const x = (v) => MARGIN.left + ((v - xMin) / (xMax - xMin)) * (right - MARGIN.left);
  /** @param {number} v */
  const y = (v) => bottom - ((v - yMin) / (yMax - yMin)) * (bottom - MARGIN.top);
  const largest = Math.max(0, ...episodes.map((e) => Math.abs(e.mean_return)));
  // Neighbours and the two configs last, so they are drawn over the rest.
  const order = [...episodes].sort((a, b) => Number(a.neighbour) - Number(b.neighbour) || Number(a.role !== 'other') - Number(b.role !== 'other'));
  const title = 'Past episodes in two dimensions, coloured by mean return per trade';
  const legend = [
    ['proposed', 'proposed config'],
    ['live', 'live config'],
  ];
  return el(
    'svg',
    { class: 'chart episode-map', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, width: WIDTH, height: HEIGHT, role: 'img', 'aria-label': title },
    el('title', {}, title),
    niceTicks(xMin, xMax).map((t) => [
      el('line', { x1: x(t), x2: x(t), y1: MARGIN.top, y2: bottom, class: 'grid' }),
      el('text', { x: x(t), y: bottom + 14, class: 'tick', 'text-anchor': 'middle' }, formatValue(t)),
    ]),
    niceTicks(yMin, yMax).map((t) => [
      el('line', { x1: MARGIN.left, x2: right, y1: y(t), y2: y(t), class: 'grid' }),
      el('text', { x: MARGIN.left - 6, y: y(t) + 4, class: 'tick', 'text-anchor': 'end' }, formatValue(t)),
    ]),
    el(
      'text',
      { x: (MARGIN.left + right) / 2, y: HEIGHT - 4, class: 'tick', 'text-anchor': 'middle' },
      `component 1 (${percentOf(explained[0] ?? 0)} of the variance)`,
    ),
    el(
      'text',
      { x: 12, y: (MARGIN.top + bottom) / 2, class: 'tick', 'text-anchor': 'middle', transform: `rotate(-90 12 ${(MARGIN.top + bottom) / 2})` },
      `component 2 (${percentOf(explained[1] ?? 0)})`,
    ),
    order.map((e) =>
      el(
        'circle',
        {
          cx: x(e.x),
          cy: y(e.y),
          r: e.neighbour ? 6 : 3.5,
          fill: outcomeColour(e.mean_return, largest),
          class: `episode role-${e.role}${e.neighbour ? ' neighbour' : ''}`,
        },
        el(
          'title',
          {},
          `${e.episode_id}: ${formatValue(e.mean_return, 'fraction')} per trade, n=${e.n}${e.role === 'other' ? '' : `, the ${e.role} config`}${e.neighbour ? ', a nearest neighbour' : ''}`,
        ),
      ),
    ),
    el(
      'g',
      { class: 'now' },
      el('title', {}, `the proposal's conditions${map.now.regime_label ? ` (${map.now.regime_label})` : ''}`),
      el('line', { x1: x(map.now.x) - 7, x2: x(map.now.x) + 7, y1: y(map.now.y) - 7, y2: y(map.now.y) + 7 }),
      el('line', { x1: x(map.now.x) - 7, x2: x(map.now.x) + 7, y1: y(map.now.y) + 7, y2: y(map.now.y) - 7 }),
    ),
    el(
      'g',
      { class: 'legend' },
      legend.map(([role, text], i) => [
        el('circle', { cx: right + 18, cy: MARGIN.top + 10 + i * 20, r: 5, fill: '#fff', class: `episode role-${role}` }),
        el('text', { x: right + 28, y: MARGIN.top + 14 + i * 20 }, text),
      ]),
      el('circle', { cx: right + 18, cy: MARGIN.top + 50, r: 5, fill: outcomeColour(1, 1) }),
      el('text', { x: right + 28, y: MARGIN.top + 54 }, 'earned'),
      el('circle', { cx: right + 18, cy: MARGIN.top + 70, r: 5, fill: outcomeColour(-1, 1) }),
      el('text', { x: right + 28, y: MARGIN.top + 74 }, 'lost'),
      el('text', { x: right + 28, y: MARGIN.top + 94 }, 'large: nearest'),
      el('text', { x: right + 28, y: MARGIN.top + 110 }, '×: the proposal'),
    ),
  );
}
