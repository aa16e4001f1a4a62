/**
 * The track record panel of the queue: how well the confidences of verified proposals predicted their
 * verdicts (GET /calibration): predicted probability in deciles against the share found IMPROVED, with
 * its exact 95 % interval, and the Brier score against the constant predictor's.
 */
import { callApi } from './api.js';
import { el } from './tree.js';

const fixed = (x, digits = 2) => (x === null ? '—' : x.toFixed(digits));

function binRow(bin) {
  const interval = bin.interval ? `[${fixed(bin.interval[0])}, ${fixed(bin.interval[1])}]` : '—';
  const within = bin.within === null ? '—' : bin.within ? 'yes' : 'no';
  return el(
    'tr',
    {},
    el('td', {}, `${fixed(bin.lower, 1)}–${fixed(bin.upper, 1)}`),
    el('td', {}, String(bin.n)),
    el('td', {}, fixed(bin.mean_predicted)),
    el('td', {}, fixed(bin.realised_share)),
    el('td', {}, interval),
    el('td', {}, within),
  );
}

/** The panel's tree, from GET /calibration. */
export async function calibrationPanel() {
  const { overall } = await callApi('GET', '/calibration');
  const { score } = overall;
  if (!score)
    return el(
      'section',
      { id: 'calibration', class: 'card' },
      el('h2', {}, 'Track record'),
      el('p', { class: 'muted' }, 'No verified proposal yet: the confidences are calibrated on simulated histories only (docs/confidence.md).'),
    );
  return el(
    'section',
    { id: 'calibration', class: 'card' },
    el('h2', {}, 'Track record'),
    el(
      'p',
      {},
      `${score.n} verified proposals: Brier ${fixed(score.brier, 3)} against ${fixed(score.constant_brier, 3)} for always predicting the base rate ${fixed(score.base_rate)}.`,
    ),
    el(
      'table',
      { class: 'calibration' },
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          ['predicted', 'verified', 'mean predicted', 'improved', '95 % interval', 'within'].map((h) => el('th', {}, h)),
        ),
      ),
      el('tbody', {}, overall.bins.filter((b) => b.n > 0).map(binRow)),
    ),
  );
}
