/**
 * The "similar conditions" card of a proposal: the past episodes of its strategy nearest to the
 * conditions it was made in, how the proposed and the live config did there, and the strategy's
 * episodes drawn in two dimensions. Neighbours are observational: the card says so.
 */
import { ApiFailure, callApi } from './api.js';
import { formatValue } from './charts.js';
import { episodeMapChart } from './episode-map.js';
import { el } from './tree.js';

/**
 * The proposal's similar conditions, or why there are none (not about one strategy, no episodes yet).
 *
 * @param {string} proposalId
 * @returns {Promise<{similar: import('./episode-map.js').EpisodeMap & Record<string, any>} | {missing: string}>}
 */
export async function fetchSimilar(proposalId) {
  try {
    return { similar: await callApi('GET', `/proposals/${encodeURIComponent(proposalId)}/similar`) };
  } catch (err) {
    if (err instanceof ApiFailure && (err.status === 400 || err.status === 404)) return { missing: err.message };
    throw err;
  }
}

/** @param {{episodes: number, trades: number, mean_return: number} | null} outcome */
function outcomeCells(outcome) {
  return outcome
    ? [el('td', {}, String(outcome.episodes)), el('td', {}, String(outcome.trades)), el('td', { class: 'num' }, formatValue(outcome.mean_return, 'fraction'))]
    : [el('td', { colspan: 3, class: 'muted' }, 'did not run in these conditions')];
}

/**
 * @param {Awaited<ReturnType<typeof fetchSimilar>>} answer
 */
export function similarSection(answer) {
  const body =
    'missing' in answer
      ? [el('p', { class: 'muted', id: 'similar-missing' }, answer.missing)]
      : [
          el(
            'p',
            { class: 'muted' },
            `The ${answer.similar.neighbours.length} past episodes of ${answer.similar.strategy_id} nearest to the conditions of ${answer.similar.now.period_start.slice(0, 10)}` +
              `${answer.similar.now.regime_label ? ` (${answer.similar.now.regime_label})` : ''}. Observational: the configs were not assigned at random.`,
          ),
          el(
            'table',
            { id: 'similar-outcomes' },
            el('thead', {}, el('tr', {}, el('th', {}, 'config'), el('th', {}, 'episodes'), el('th', {}, 'trades'), el('th', {}, 'mean return per trade'))),
            el(
              'tbody',
              {},
              el('tr', { class: 'role-proposed' }, el('td', {}, 'proposed'), outcomeCells(answer.similar.proposed)),
              el('tr', { class: 'role-live' }, el('td', {}, 'live'), outcomeCells(answer.similar.live)),
            ),
          ),
          el('div', { id: 'similar-map' }, episodeMapChart(answer.similar)),
          el(
            'details',
            {},
            el('summary', {}, 'The nearest episodes'),
            el(
              'table',
              { id: 'similar-neighbours' },
              el(
                'thead',
                {},
                el(
                  'tr',
                  {},
                  ['period', 'regime', 'config', 'trades', 'mean return', 'distance'].map((h) => el('th', {}, h)),
                ),
              ),
              el(
                'tbody',
                {},
                answer.similar.neighbours.map((/** @type {Record<string, any>} */ e) =>
                  el(
                    'tr',
                    { class: `role-${e.role}` },
                    el('td', {}, e.period_start.slice(0, 10)),
                    el('td', {}, e.regime_label ?? ''),
                    el('td', {}, e.role === 'other' ? el('code', {}, e.config_version_id) : e.role),
                    el('td', {}, String(e.n)),
                    el('td', { class: 'num' }, formatValue(e.mean_return, 'fraction')),
                    el('td', { class: 'num' }, formatValue(e.distance)),
                  ),
                ),
              ),
            ),
          ),
        ];
  return el('section', { class: 'card', id: 'similar-conditions' }, el('h2', {}, 'Similar conditions'), body);
}
