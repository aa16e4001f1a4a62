/**
 * Market regimes: their labels, features and volatility, and the calendar of contiguous regime periods.
 * Each 90-day segment before AS_OF (the analysis window is the last one) holds every label in roughly
 * fixed shares, in periods of days to weeks, so every regime is seen in every window.
 */
import { AS_OF, DAY_MS, REGIME_DAYS, WINDOW_DAYS, daysBeforeAsOf } from '../calendar.js';
import { round } from '../round.js';
import type { Random } from '../random.js';

export const REGIME_LABELS = ['LOW_VOL_BULL', 'SIDEWAYS', 'HIGH_VOL_BEAR', 'CRISIS'] as const;
export type RegimeLabel = (typeof REGIME_LABELS)[number];

interface RegimeProfile {
  /** Share of each segment's days. */
  share: number;
  /** Per-trade volatility relative to SIDEWAYS. */
  volMultiplier: number;
  realizedVol: number;
  dispersion: number;
  avgCorrelation: number;
  /** Whether black-swan events and volatility breakers belong here. */
  stressed: boolean;
}

export const REGIME_PROFILES: Record<RegimeLabel, RegimeProfile> = {
  LOW_VOL_BULL: { share: 0.35, volMultiplier: 0.75, realizedVol: 0.11, dispersion: 0.02, avgCorrelation: 0.3, stressed: false },
  SIDEWAYS: { share: 0.3, volMultiplier: 1, realizedVol: 0.16, dispersion: 0.03, avgCorrelation: 0.35, stressed: false },
  HIGH_VOL_BEAR: { share: 0.22, volMultiplier: 1.6, realizedVol: 0.28, dispersion: 0.05, avgCorrelation: 0.55, stressed: true },
  CRISIS: { share: 0.13, volMultiplier: 2.4, realizedVol: 0.48, dispersion: 0.08, avgCorrelation: 0.75, stressed: true },
};

export const MARKET = 'US_EQUITIES';

export interface RegimePeriod {
  regime_id: string;
  label: RegimeLabel;
  /** Midnight UTC. */
  start: number;
  /** Midnight UTC; null for the current (last) period. */
  end: number | null;
  features: { realized_vol: number; dispersion: number; avg_correlation: number };
}

const SEGMENT_DAYS = WINDOW_DAYS;
const MIN_PERIOD_DAYS = 3;

/** Splits `days` into pieces of about `typical` days, each at least MIN_PERIOD_DAYS. */
function splitDays(rng: Random, days: number, typical: number): number[] {
  const pieces = Math.max(1, Math.min(Math.floor(days / MIN_PERIOD_DAYS), Math.round(days / typical)));
  const cuts = Array.from({ length: pieces }, () => rng.between(0.6, 1.4));
  const total = cuts.reduce((a, b) => a + b, 0);
  const sizes = cuts.map((c) => Math.max(MIN_PERIOD_DAYS, Math.floor((c / total) * days)));
  sizes[0] += days - sizes.reduce((a, b) => a + b, 0);
  return sizes;
}

/** Orders pieces so that no two neighbours share a label when that is possible (greedy, most-left first). */
function interleave(rng: Random, pieces: { label: RegimeLabel; days: number }[]): { label: RegimeLabel; days: number }[] {
  const left = rng.shuffled(pieces);
  const ordered: { label: RegimeLabel; days: number }[] = [];
  while (left.length > 0) {
    const previous = ordered[ordered.length - 1]?.label;
    const counts = new Map<RegimeLabel, number>();
    for (const p of left) counts.set(p.label, (counts.get(p.label) ?? 0) + 1);
    let best = -1;
    for (let i = 0; i < left.length; i++) {
      if (left[i].label === previous) continue;
      if (best < 0 || (counts.get(left[i].label) ?? 0) > (counts.get(left[best].label) ?? 0)) best = i;
    }
    ordered.push(left.splice(best < 0 ? 0 : best, 1)[0]);
  }
  return ordered;
}

function segmentPieces(rng: Random): { label: RegimeLabel; days: number }[] {
  const weights = REGIME_LABELS.map((label) => REGIME_PROFILES[label].share * rng.between(0.8, 1.2));
  const total = weights.reduce((a, b) => a + b, 0);
  const days = weights.map((w) => Math.max(5, Math.round((w / total) * SEGMENT_DAYS)));
  days[0] += SEGMENT_DAYS - days.reduce((a, b) => a + b, 0);
  const pieces = REGIME_LABELS.flatMap((label, i) => splitDays(rng, days[i], label === 'CRISIS' ? 6 : 12).map((d) => ({ label, days: d })));
  return interleave(rng, pieces);
}

/**
 * The regime periods from REGIME_DAYS before AS_OF to AS_OF: contiguous, labels alternating, the last
 * one open (end null).
 *
 * @example
 * const periods = regimeCalendar(Random.stream(1, 'regimes'));
 * periods[periods.length - 1].end; // null
 */
export function regimeCalendar(rng: Random): RegimePeriod[] {
  const pieces: { label: RegimeLabel; days: number }[] = [];
  for (let segment = 0; segment < REGIME_DAYS / SEGMENT_DAYS; segment++) {
    for (const piece of segmentPieces(rng)) {
      const last = pieces[pieces.length - 1];
      if (last?.label === piece.label) last.days += piece.days;
      else pieces.push({ ...piece });
    }
  }
  let start = daysBeforeAsOf(REGIME_DAYS);
  return pieces.map((piece, i) => {
    const profile = REGIME_PROFILES[piece.label];
    const end = start + piece.days * DAY_MS;
    const period: RegimePeriod = {
      regime_id: `rg-${String(i + 1).padStart(3, '0')}`,
      label: piece.label,
      start,
      end: i === pieces.length - 1 ? null : end,
      features: {
        realized_vol: round(profile.realizedVol * rng.between(0.85, 1.15), 4),
        dispersion: round(profile.dispersion * rng.between(0.8, 1.2), 4),
        avg_correlation: round(Math.min(0.95, profile.avgCorrelation * rng.between(0.9, 1.1)), 3),
      },
    };
    start = end;
    return period;
  });
}

/** The end of a period as an instant, AS_OF for the open one. */
export function periodEnd(period: RegimePeriod): number {
  return period.end ?? AS_OF;
}
