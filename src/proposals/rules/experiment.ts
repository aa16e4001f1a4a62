/**
 * Knob evidence from live history is observational (knobs were changed for reasons, often the regime),
 * and knobs that always moved together cannot be told apart: neither justifies a live change. Both
 * become an EXPERIMENT for the strategy: a BACKTEST (or, when the evidence is already from backtests,
 * a PAPER_TRADE run) that sets the knob to its better level (extra.best_level) or varies the knobs
 * independently. Applying it records the experiment to run; no live config changes.
 */
import type { Finding } from '../../analysis/findings.js';
import type { ProposalRule } from './rule.js';
import { experimentImpact } from '../expected-impact.js';
import { copyConfig, subjectValues } from './shared.js';

/** Shortest backtest or paper-trading period an experiment asks for. */
const MIN_PERIOD_DAYS = 30;

function knobsOf(f: Finding): string[] {
  return (f.kind === 'KNOBS_CONFOUNDED' ? (f.subject.knobs ?? '').split(',') : [f.subject.knob ?? '']).map((k) => k.trim()).filter(Boolean);
}

function bestLevel(f: Finding): number | string | null {
  const level = f.extra.best_level;
  return f.kind === 'KNOB_MATTERS' && (typeof level === 'number' || typeof level === 'string') ? level : null;
}

function statement(f: Finding): string {
  const knobs = knobsOf(f).join(', ');
  return f.kind === 'KNOBS_CONFOUNDED'
    ? `knobs ${knobs} always moved together in live history, so their effects cannot be separated`
    : `knob ${knobs} is associated with outcomes given the regime (${f.metric} ${f.effect.toFixed(4)}, q=${f.q.toPrecision(2)}, n=${f.n}), but live history is not randomised`;
}

export const experimentRule: ProposalRule = {
  kind: 'EXPERIMENT',
  findingKinds: ['KNOB_MATTERS', 'KNOBS_CONFOUNDED'],
  targetType: 'EXPERIMENT',
  locate: (finding) => {
    if (!finding.subject.strategy_id) return { skip: 'the finding names no strategy_id' };
    return knobsOf(finding).length > 0 ? { target_id: finding.subject.strategy_id } : { skip: 'the finding names no knob' };
  },
  propose(findings, target, ctx) {
    const ordered = [...findings].sort((a, b) => a.id.localeCompare(b.id));
    const setTo: Record<string, number | string> = {};
    for (const f of ordered) {
      const level = bestLevel(f);
      if (level !== null) setTo[knobsOf(f)[0]] = level;
    }
    const vary = [...new Set(ordered.flatMap(knobsOf))].filter((k) => !(k in setTo)).sort();
    const overrides: Record<string, unknown> = {};
    if (Object.keys(setTo).length > 0) overrides.knobs = setTo;
    if (vary.length > 0) overrides.vary_independently = vary;
    const fromBacktests = ordered.every((f) => f.provenance === 'BACKTEST');
    const strategyId = subjectValues(ordered, 'strategy_id')[0];
    const kind = fromBacktests ? 'PAPER_TRADE' : 'BACKTEST';
    const config = {
      ...copyConfig(target),
      kind,
      config_overrides: overrides,
      period_days: Math.max(MIN_PERIOD_DAYS, Math.round(ctx.windowDays)),
      hypothesis: `For strategy ${strategyId}: ${ordered.map(statement).join('; ')}. A ${kind === 'BACKTEST' ? 'backtest' : 'paper-trading run'} that ${
        Object.keys(setTo).length > 0
          ? `sets ${Object.entries(setTo)
              .map(([k, v]) => `${k}=${v}`)
              .join(', ')}`
          : ''
      }${Object.keys(setTo).length > 0 && vary.length > 0 ? ' and ' : ''}${vary.length > 0 ? `varies ${vary.join(', ')} independently` : ''} tells whether the effect is causal.`,
    };
    return {
      proposed: config,
      summary: `run a ${kind} experiment on strategy ${strategyId} for ${[...Object.keys(setTo), ...vary].join(', ')}`,
      impact: experimentImpact(strategyId, ctx.policy.evaluation_period),
    };
  },
};
