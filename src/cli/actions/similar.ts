/** `kronos similar`: prints the nearest past episodes and each config's outcome among them, as a table or JSON. */
import { ConfigError } from '../../config.js';
import { similarTo } from '../../db/queries/similar-to.js';
import { withDatabase } from '../database.js';
import { formatTable } from '../table.js';

const percent = (x: number | null) => (x === null || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(2)} %`);

export interface SimilarOptions {
  target?: string;
  k: number;
  asOf?: string;
  json?: boolean;
  databaseUrl?: string;
}

export async function printSimilar(opts: SimilarOptions): Promise<void> {
  const asOf = opts.asOf ?? new Date().toISOString();
  const similar = await withDatabase({ url: opts.databaseUrl }, (db) => similarTo(db, { asOf, k: opts.k, strategyId: opts.target }));
  if (!similar) {
    throw new ConfigError(
      `no episodes${opts.target ? ` of strategy ${opts.target}` : ''} before ${asOf}: an analysis (kronos analyze) builds them from the trades`,
    );
  }
  if (opts.json) {
    console.log(JSON.stringify(similar, null, 2));
    return;
  }
  const { now } = similar;
  console.log(
    `today: ${now.episode_id} (${now.regime_label ?? 'unknown regime'}, from ${now.period_start}); ${similar.neighbours.length} nearest past episodes in a space of ${similar.space.length} features`,
  );
  console.log(
    formatTable(
      ['distance', 'episode', 'regime', 'config version', 'n', 'mean/trade', '± se', 'sharpe ± se', 'hit rate', 'drawdown'],
      similar.neighbours.map((e) => [
        e.distance.toFixed(3),
        e.episode_id,
        e.regime_label ?? '—',
        e.config_version_id,
        String(e.n),
        percent(e.mean_return),
        percent(e.se_mean_return),
        e.sharpe === null ? '—' : `${e.sharpe.toFixed(2)}${e.se_sharpe === null ? '' : ` ± ${e.se_sharpe.toFixed(2)}`}`,
        percent(e.hit_rate),
        percent(e.max_drawdown),
      ]),
    ),
  );
  console.log('\nconfigs among them (mean over their episodes of the mean return per trade):');
  console.log(
    formatTable(
      ['strategy', 'config version', 'live', 'episodes', 'trades', 'mean/trade', 'nearest'],
      similar.configs.map((c) => [
        c.strategy_id,
        c.config_version_id,
        c.live ? 'live' : '',
        String(c.episodes),
        String(c.trades),
        percent(c.mean_return),
        c.nearest_distance.toFixed(3),
      ]),
    ),
  );
}
