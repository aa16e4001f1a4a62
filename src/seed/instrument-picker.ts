/** Draws the instrument of a decision: a member of the strategy's universe snapshot, by member weight. */
import type { Random } from './random.js';
import type { Instrument } from './world/instruments.js';
import type { StrategySpec } from './world/strategies.js';
import type { UniverseSnapshot } from './world/universes.js';

interface Eligible {
  instruments: Instrument[];
  /** Running sums of the member weights. */
  cumulative: number[];
}

/** A sleeve trades the instruments whose ordinal is `index` modulo `of`: each instrument belongs to one sleeve for good. */
export interface SleeveSlice {
  index: number;
  of: number;
}

export class InstrumentPicker {
  private readonly cache = new Map<string, Eligible>();

  /**
   * @example
   * new InstrumentPicker().pick(rng, strategy, snapshot).instrument_id; // e.g. 'KQZ'
   */
  pick(rng: Random, strategy: StrategySpec, snapshot: UniverseSnapshot, sleeve?: SleeveSlice): Instrument {
    const key = `${strategy.id}|${snapshot.universe_id}|${sleeve ? `${sleeve.index}/${sleeve.of}` : ''}`;
    let eligible = this.cache.get(key);
    if (!eligible) {
      eligible = this.eligible(strategy, snapshot, sleeve);
      this.cache.set(key, eligible);
    }
    const { instruments, cumulative } = eligible;
    const u = rng.uniform() * cumulative[cumulative.length - 1];
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (cumulative[mid] > u) high = mid;
      else low = mid + 1;
    }
    return instruments[low];
  }

  private eligible(strategy: StrategySpec, snapshot: UniverseSnapshot, sleeve?: SleeveSlice): Eligible {
    const members = snapshot.members.filter(
      (m) => !strategy.excludedSectors.includes(m.instrument.sector) && (!sleeve || m.instrument.ordinal % sleeve.of === sleeve.index),
    );
    if (members.length === 0) throw new Error(`universe ${snapshot.universe_id} has no member ${strategy.id} may trade`);
    let total = 0;
    return { instruments: members.map((m) => m.instrument), cumulative: members.map((m) => (total += m.weight)) };
  }

  /**
   * The share of the strategy's draws from `snapshot` that fall in the sleeve (by member weight): a sleeve's
   * backtest trades at this share of the strategy's density, as the sleeve's instruments do live.
   */
  sleeveShare(strategy: StrategySpec, snapshot: UniverseSnapshot, sleeve: SleeveSlice): number {
    const total = (e: Eligible) => e.cumulative[e.cumulative.length - 1];
    return total(this.eligible(strategy, snapshot, sleeve)) / total(this.eligible(strategy, snapshot));
  }
}
