/**
 * Guardrails: checks that make a proposal need a person whatever its confidence. A change that adds
 * risk (a larger budget or exposure, a looser threshold, a disabled risk rule, a slower SOP) is never
 * applied automatically while the affected strategies' Expected Shortfall or drawdown is beyond the
 * policy's limits, or unknown; no change may move a number by more than the policy's maximum
 * magnitude, or lift a budget or exposure above the policy's hard ceilings.
 */
import type { TargetType } from './target-types.js';
import type { DiffEntry } from './diff.js';
import type { GuardrailLimits } from './policy.js';
import type { StrategyRisk } from './strategy-risk.js';

export interface GuardrailCheck {
  name: 'magnitude' | 'ceiling' | 'tail_risk';
  pass: boolean;
  detail: string;
}

export interface GuardrailReport {
  pass: boolean;
  checks: GuardrailCheck[];
  /** Why the change adds risk (empty when it does not). */
  risk_increasing: string[];
  /** The worst tail risk over the affected strategies. */
  risk: { strategies: string[]; expected_shortfall: number | null; max_drawdown: number | null };
}

export interface GuardrailInput {
  targetType: TargetType;
  diff: DiffEntry[];
  /** Strategies the target governs; empty for targets that govern every strategy (global risk, universes, SOPs). */
  strategies: string[];
  risk: Record<string, StrategyRisk>;
  limits: GuardrailLimits;
  maxChangeMagnitude: number;
  /** Set when the change puts back the parameters of an earlier version: the magnitude bound is for moves to untried values. */
  restoresVersion?: string;
}

type RiskierWhen = 'up' | 'down' | 'removed' | 'disabled' | 'relaxed';

/** Which moves of which keys add risk, per target type. */
const RISKIER_MOVES: Partial<Record<TargetType, [RegExp, RiskierWhen][]>> = {
  STRATEGY_CONFIG: [
    [/^entry_threshold$/, 'down'],
    [/^max_position_notional$/, 'up'],
    [/^blocked_regimes$/, 'removed'],
    [/^excluded_sectors$/, 'removed'],
  ],
  RISK_CONFIG: [
    [/^strategy_budget_notional$/, 'up'],
    [/^max_gross_exposure$/, 'up'],
    [/^max_drawdown_stop$/, 'up'],
    [/^override_rules/, 'relaxed'],
  ],
  UNIVERSE_RULES: [
    [/^max_members$/, 'up'],
    [/^min_adv_usd$/, 'down'],
    [/^excluded_sectors$/, 'removed'],
    [/^profile_filters/, 'relaxed'],
  ],
  SOP_TEMPLATE: [
    [/^derisk_fraction$/, 'down'],
    [/^trigger_severity$/, 'up'],
    [/^max_time_to_action_s$/, 'up'],
    [/^hedge$/, 'disabled'],
  ],
};

function moves(entry: DiffEntry, when: RiskierWhen): boolean {
  const { from, to } = entry;
  switch (when) {
    case 'up':
      return typeof from === 'number' && typeof to === 'number' && to > from;
    case 'down':
      return typeof from === 'number' && typeof to === 'number' && to < from;
    case 'removed':
      return entry.op === 'remove' || (entry.removed?.length ?? 0) > 0;
    case 'disabled':
      return from === true && to !== true;
    case 'relaxed':
      // Anything but switching a rule or filter on, or adding one, loosens it.
      return !(entry.op === 'add' || (entry.path.endsWith('.enabled') && to === true));
  }
}

/**
 * The reasons a diff adds risk to its target (empty when it does not).
 *
 * @example
 * riskIncreases('RISK_CONFIG', [{ path: 'override_rules[rule_id=r1].enabled', op: 'replace', from: true, to: false }]);
 * // ['override_rules[rule_id=r1].enabled: relaxed']
 */
export function riskIncreases(targetType: TargetType, diff: DiffEntry[]): string[] {
  const table = RISKIER_MOVES[targetType] ?? [];
  return diff.flatMap((entry) => table.filter(([pattern, when]) => pattern.test(entry.path) && moves(entry, when)).map(([, when]) => `${entry.path}: ${when}`));
}

/**
 * The largest relative change of a numeric value in a diff (|to − from| / |from|; infinite from 0).
 *
 * @example
 * largestRelativeChange([{ path: 'entry_threshold', op: 'replace', from: 0.5, to: 0.6 }]); // 0.2
 */
export function largestRelativeChange(diff: DiffEntry[]): number {
  let largest = 0;
  for (const { from, to } of diff) {
    if (typeof from !== 'number' || typeof to !== 'number' || from === to) continue;
    largest = Math.max(largest, from === 0 ? Number.POSITIVE_INFINITY : Math.abs(to - from) / Math.abs(from));
  }
  return largest;
}

function worstRisk(input: GuardrailInput): GuardrailReport['risk'] {
  const strategies = input.strategies.length > 0 ? input.strategies : Object.keys(input.risk).sort();
  const known = strategies.map((s) => input.risk[s]);
  const worst = (key: keyof StrategyRisk): number | null => {
    if (known.length === 0 || known.some((r) => r?.[key] === null || r?.[key] === undefined)) return null;
    return Math.max(...known.map((r) => r[key] as number));
  };
  return { strategies, expected_shortfall: worst('expected_shortfall'), max_drawdown: worst('max_drawdown') };
}

function magnitudeCheck(input: GuardrailInput): GuardrailCheck {
  if (input.targetType === 'EXPERIMENT') return { name: 'magnitude', pass: true, detail: 'an experiment changes no live value' };
  if (input.restoresVersion) return { name: 'magnitude', pass: true, detail: `puts back the parameters of version ${input.restoresVersion}, which ran before` };
  const change = largestRelativeChange(input.diff);
  if (change <= input.maxChangeMagnitude + 1e-9)
    return { name: 'magnitude', pass: true, detail: `largest relative change ${change.toFixed(3)} within ${input.maxChangeMagnitude}` };
  return {
    name: 'magnitude',
    pass: false,
    detail: `largest relative change ${Number.isFinite(change) ? change.toFixed(3) : '∞'} exceeds ${input.maxChangeMagnitude}`,
  };
}

function ceilingCheck(input: GuardrailInput): GuardrailCheck {
  if (input.targetType !== 'RISK_CONFIG') return { name: 'ceiling', pass: true, detail: 'no budget or exposure ceiling applies' };
  const ceilings: Record<string, number> = {
    strategy_budget_notional: input.limits.max_strategy_budget_notional,
    max_gross_exposure: input.limits.max_gross_exposure,
  };
  const breaches = input.diff.filter(
    (d) => d.path in ceilings && typeof d.to === 'number' && typeof d.from === 'number' && d.to > d.from && d.to > ceilings[d.path],
  );
  if (breaches.length === 0) return { name: 'ceiling', pass: true, detail: 'budget and exposure stay within the policy ceilings' };
  return { name: 'ceiling', pass: false, detail: breaches.map((d) => `${d.path} ${String(d.to)} exceeds the ceiling ${ceilings[d.path]}`).join('; ') };
}

function tailRiskCheck(input: GuardrailInput, riskier: string[], risk: GuardrailReport['risk']): GuardrailCheck {
  if (riskier.length === 0) return { name: 'tail_risk', pass: true, detail: 'the change does not add risk' };
  const { max_expected_shortfall: esLimit, max_drawdown: mddLimit } = input.limits;
  const problems: string[] = [];
  if (risk.expected_shortfall === null) problems.push('Expected Shortfall unknown');
  else if (risk.expected_shortfall > esLimit) problems.push(`Expected Shortfall ${risk.expected_shortfall.toFixed(4)} is beyond ${esLimit}`);
  if (risk.max_drawdown === null) problems.push('max drawdown unknown');
  else if (risk.max_drawdown > mddLimit) problems.push(`max drawdown ${risk.max_drawdown.toFixed(4)} is beyond ${mddLimit}`);
  if (problems.length === 0) return { name: 'tail_risk', pass: true, detail: `adds risk (${riskier.join(', ')}) with ES and drawdown within limits` };
  return { name: 'tail_risk', pass: false, detail: `adds risk (${riskier.join(', ')}) while ${problems.join(' and ')}` };
}

/**
 * Runs every guardrail on a proposed change. `pass` false makes the proposal not auto-applicable.
 *
 * @example
 * const report = evaluateGuardrails({ targetType: 'RISK_CONFIG', diff, strategies: ['momentum'], risk, limits: policy.guardrails, maxChangeMagnitude: 0.25 });
 * report.pass; // false when, say, the change disables a risk rule while ES is beyond its limit
 */
export function evaluateGuardrails(input: GuardrailInput): GuardrailReport {
  const riskier = riskIncreases(input.targetType, input.diff);
  const risk = worstRisk(input);
  const checks = [magnitudeCheck(input), ceilingCheck(input), tailRiskCheck(input, riskier, risk)];
  return { pass: checks.every((c) => c.pass), checks, risk_increasing: riskier, risk };
}
