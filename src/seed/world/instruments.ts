/**
 * Sectors and instruments with their company-profile versions (numeric and categorical attributes that
 * drift between quarterly updates), sector-profile versions, and a smooth price path per instrument.
 */
import { DAY_MS, ORIGIN_DAYS, daysBeforeAsOf } from '../calendar.js';
import type { Random } from '../random.js';
import { round } from '../round.js';
import { Timeline } from '../timeline.js';

export const SECTORS = ['TECHNOLOGY', 'HEALTHCARE', 'FINANCIALS', 'ENERGY', 'INDUSTRIALS', 'CONSUMER_DISCRETIONARY', 'CONSUMER_STAPLES', 'UTILITIES'] as const;

const CAP_BUCKETS = ['LARGE', 'MID', 'SMALL'] as const;
type CapBucket = (typeof CAP_BUCKETS)[number];
const ADV_RANGE: Record<CapBucket, [number, number]> = {
  LARGE: [2e7, 2e9],
  MID: [5e6, 8e7],
  SMALL: [5e5, 1.5e7],
};

export interface ProfileAttributes {
  market_cap_bucket: CapBucket;
  leverage: number;
  quality_score: number;
  adv_usd: number;
  [key: string]: string | number;
}

export interface ProfileVersion {
  profile_version_id: string;
  instrument_id: string;
  sector: string;
  version_no: number;
  created_at: number;
  attributes: ProfileAttributes;
}

export interface Instrument {
  instrument_id: string;
  /** Position in the instrument list: a stable key that splits a universe among a strategy's sleeves. */
  ordinal: number;
  sector: string;
  basePrice: number;
  /** Price path: basePrice·exp(amplitude·sin(2π·t/period + phase)). */
  amplitude: number;
  periodDays: number;
  phase: number;
  profiles: Timeline<ProfileVersion>;
}

export interface SectorProfileVersion {
  sector_profile_version_id: string;
  sector: string;
  version_no: number;
  created_at: number;
  attributes: Record<string, string | number>;
}

/** Days before AS_OF of the quarterly profile refreshes after the first version. */
const PROFILE_REFRESH_DAYS = [300, 210, 120, 30];

function logUniform(rng: Random, low: number, high: number): number {
  return Math.exp(rng.between(Math.log(low), Math.log(high)));
}

function tickers(rng: Random, count: number): string[] {
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const seen = new Set<string>();
  while (seen.size < count) {
    const length = rng.int(3, 4);
    let ticker = '';
    for (let i = 0; i < length; i++) ticker += rng.pick([...letters]);
    seen.add(ticker);
  }
  return [...seen];
}

function firstAttributes(rng: Random): ProfileAttributes {
  const bucket = CAP_BUCKETS[rng.weightedIndex([0.35, 0.35, 0.3])];
  const [low, high] = ADV_RANGE[bucket];
  return {
    market_cap_bucket: bucket,
    leverage: round(logUniform(rng, 0.2, 3.5), 2),
    quality_score: round(rng.between(0.1, 0.95), 3),
    adv_usd: Math.round(logUniform(rng, low, high)),
  };
}

function driftedAttributes(rng: Random, previous: ProfileAttributes): ProfileAttributes {
  const index = CAP_BUCKETS.indexOf(previous.market_cap_bucket);
  const moved = rng.chance(0.04) ? Math.min(2, Math.max(0, index + (rng.chance(0.5) ? 1 : -1))) : index;
  return {
    market_cap_bucket: CAP_BUCKETS[moved],
    leverage: round(Math.min(5, Math.max(0.05, previous.leverage * Math.exp(0.08 * rng.normal()))), 2),
    quality_score: round(Math.min(0.99, Math.max(0.01, previous.quality_score + 0.04 * rng.normal())), 3),
    adv_usd: Math.round(previous.adv_usd * Math.exp(0.15 * rng.normal())),
  };
}

/**
 * `count` instruments spread over the sectors, each with 1–5 profile versions.
 *
 * @example
 * const instruments = buildInstruments(Random.stream(1, 'instruments'), 100);
 * instruments[0].profiles.at(AS_OF).attributes.market_cap_bucket; // 'LARGE' | 'MID' | 'SMALL'
 */
export function buildInstruments(rng: Random, count: number): Instrument[] {
  return tickers(rng, count).map((ticker, i) => {
    const sector = SECTORS[i % SECTORS.length];
    const versions: ProfileVersion[] = [];
    const add = (createdAt: number, attributes: ProfileAttributes) =>
      versions.push({
        profile_version_id: `cp-${ticker}-v${versions.length + 1}`,
        instrument_id: ticker,
        sector,
        version_no: versions.length + 1,
        created_at: createdAt,
        attributes,
      });
    const first = firstAttributes(rng);
    add(daysBeforeAsOf(ORIGIN_DAYS), first);
    let current = first;
    for (const days of PROFILE_REFRESH_DAYS) {
      if (!rng.chance(0.7)) continue;
      current = driftedAttributes(rng, current);
      add(daysBeforeAsOf(days) + rng.int(-5, 5) * DAY_MS + 2 * 3_600_000, current);
    }
    const bucket = first.market_cap_bucket;
    return {
      instrument_id: ticker,
      ordinal: i,
      sector,
      basePrice: round(logUniform(rng, bucket === 'SMALL' ? 5 : 15, bucket === 'LARGE' ? 600 : 150), 2),
      amplitude: rng.between(0.05, 0.3),
      periodDays: rng.between(40, 200),
      phase: rng.between(0, 2 * Math.PI),
      profiles: new Timeline(versions.map((v) => ({ from: v.created_at, value: v }))),
    };
  });
}

/** The instrument's price at `ms`, to the cent. */
export function priceAt(instrument: Instrument, ms: number): number {
  const angle = (2 * Math.PI * ms) / (instrument.periodDays * DAY_MS) + instrument.phase;
  return Math.max(0.5, round(instrument.basePrice * Math.exp(instrument.amplitude * Math.sin(angle)), 2));
}

/** Two versions per sector: the original profile and a mid-history revision. */
export function buildSectorProfiles(rng: Random): SectorProfileVersion[] {
  return SECTORS.flatMap((sector) => {
    const cyclicality = rng.pick(['HIGH', 'MEDIUM', 'LOW']);
    const first = {
      cyclicality,
      rate_sensitivity: round(rng.between(-0.5, 0.8), 2),
      avg_pe: round(rng.between(9, 35), 1),
      earnings_revision: round(rng.between(-0.05, 0.05), 3),
    };
    const second = {
      ...first,
      avg_pe: round(first.avg_pe * rng.between(0.9, 1.1), 1),
      earnings_revision: round(rng.between(-0.05, 0.05), 3),
    };
    return [first, second].map((attributes, i) => ({
      sector_profile_version_id: `sp-${sector}-v${i + 1}`,
      sector,
      version_no: i + 1,
      created_at: daysBeforeAsOf(i === 0 ? ORIGIN_DAYS : 150),
      attributes,
    }));
  });
}
