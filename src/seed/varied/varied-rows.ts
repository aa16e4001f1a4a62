/**
 * The varied world's rows, in the column order of tables.ts. Returns follow
 *
 *   r = μ(cell) + direction · β · m(day) + σ · v(regime) · t₅
 *
 * with m(day) one market move shared by every strategy's trades and decisions of that day; SOP executions
 * of one event share its loss scale and a shock to the share of the loss avoided. Trades still open at the
 * as-of instant are positions, not trades (their decision keeps its trade id).
 */
import type { Provenance } from '../../analysis/findings.js';
import { DAY_MS, HOUR_MS, startOfDay } from '../calendar.js';
import type { Random } from '../random.js';
import { round } from '../round.js';
import { type Row, TABLES, type TableSpec } from '../tables.js';
import { SESSION_HOURS, type VariedRule, type VariedStrategy, type VariedWorld } from './varied-world.js';

/** The planted sizes: the same catalogue as the first kind of world. */
export const VARIED_SIZES = {
  regimeLossMean: -0.01,
  backtestMean: 0.009,
  liveMean: 0,
  blockedForwardMean: 0.02,
  errorRate: 0.25,
  baseErrorRate: 0.03,
  knobMeans: [-0.0025, 0.0075] as [number, number],
  sopShares: { regressed: 0.2, previous: 0.65, base: 0.5 },
} as const;

const TAIL_DOF = 5;
const IDLE_ACTIONS = ['HOLD', 'SKIP', 'EXIT'];

function meanReturn(world: VariedWorld, s: VariedStrategy, at: number, provenance: Provenance): number {
  const { plants, effects } = world;
  if (effects.has('regime_loss') && s.id === plants.regimeLoss.strategy && world.regimeAt.at(at).label === plants.regimeLoss.label) {
    return VARIED_SIZES.regimeLossMean;
  }
  if (effects.has('live_below_backtest') && s.id === plants.liveBelowBacktest.strategy) {
    return provenance === 'BACKTEST' ? VARIED_SIZES.backtestMean : VARIED_SIZES.liveMean;
  }
  if (effects.has('knob_no_effect') && s.id === plants.knob.strategy) {
    const value = (s.versions.at(at).config_json.knobs as Record<string, number>)[plants.knob.knob];
    return VARIED_SIZES.knobMeans[plants.knob.values.indexOf(value)] ?? s.meanReturn;
  }
  return s.meanReturn;
}

function draw(world: VariedWorld, rng: Random, s: VariedStrategy, at: number, mean: number, direction: number): number {
  const move = world.marketMove.get(startOfDay(at)) ?? 0;
  const r = mean + direction * s.beta * move + s.volatility * world.regimeAt.at(at).volMultiplier * rng.studentT(TAIL_DOF);
  return Math.min(1, Math.max(-0.6, r));
}

function tradable(world: VariedWorld, s: VariedStrategy, rng: Random): { instrument_id: string; sector: string; profile_version_id: string } {
  if (s.sleeves.length > 0) {
    const ids = [...rng.pick(s.sleeves).instruments];
    const id = rng.pick(ids);
    return world.instruments.find((i) => i.instrument_id === id)!;
  }
  return rng.pick(world.universes.get(s.universe)!);
}

function riskVersionId(s: VariedStrategy): string {
  return s.hasOwnRisk ? `risk:${s.id}@1` : 'risk:global@1';
}

function rulesOf(world: VariedWorld, s: VariedStrategy): VariedRule[] {
  return [...s.rules, ...world.globalRules];
}

function universeId(name: string): string {
  return `${name}#1`;
}

/** Decisions and trades, `batch` decisions at a time; open trades go to `positions`. */
export function* liveRows(world: VariedWorld, rng: Random, sizes: { trades: number; decisions: number }, batch: number): Generator<[TableSpec, Row[]]> {
  const { trades, decisions } = sizes;
  const weights = world.strategies.map((s) => s.weight);
  const days = world.liveDays;
  let decisionRows: Row[] = [];
  let tradeRows: Row[] = [];
  const positionRows: Row[] = [];
  let tradeNo = 0;
  for (let i = 0; i < decisions; i++) {
    const position = ((i + rng.uniform()) / decisions) * days.length;
    const day = days[Math.min(days.length - 1, Math.floor(position))];
    const at = Math.round(day + (world.sessionOpenHours + (position % 1) * SESSION_HOURS) * HOUR_MS);
    const s = world.strategies[rng.weightedIndex(weights)];
    const config = s.versions.at(at);
    const regime = world.regimeAt.at(at);
    const template = world.templates.at(at);
    const instrument = tradable(world, s, rng);
    const long = rng.chance(s.longShare);
    const direction = long ? 1 : -1;
    const enter = long ? 'ENTER_LONG' : 'ENTER_SHORT';
    const proposed = Math.round((s.maxNotional * rng.between(0.3, 1)) / 1000) * 1000;
    const decisionId = `D${world.seed}-${i + 1}`;
    const head: Row = [
      decisionId,
      at,
      s.id,
      instrument.instrument_id,
      instrument.sector,
      regime.regime_id,
      universeId(s.universe),
      instrument.profile_version_id,
      config.config_version_id,
      riskVersionId(s),
      template,
      world.graphs.at(at),
    ];
    const rules = rulesOf(world, s);
    const threshold = config.config_json.entry_threshold as number;
    if (Math.floor(((i + 1) * trades) / decisions) > Math.floor((i * trades) / decisions)) {
      const resizer = rules.find((r) => rng.chance(r.resizeRate)) ?? null;
      const approved = resizer ? Math.round((proposed * rng.between(0.3, 0.7)) / 1000) * 1000 : proposed;
      const net = draw(world, rng, s, at, meanReturn(world, s, at, 'LIVE'), direction);
      const gross = net + s.feeRate;
      const tradeId = `T${world.seed}-${++tradeNo}`;
      decisionRows.push([
        ...head,
        enter,
        round(rng.between(threshold, 1), 4),
        null,
        resizer ? 'RESIZED' : 'APPROVED',
        resizer !== null,
        resizer?.rule_id ?? null,
        proposed,
        approved,
        gross,
        tradeId,
      ]);
      const entry = round(20 + 400 * rng.uniform(), 2);
      const quantity = direction * Math.max(1, Math.round(approved / entry));
      const notional = Math.abs(quantity * entry);
      const exit = round(entry * (1 + direction * gross), 4);
      const fees = round(notional * s.feeRate, 2);
      const pnl = quantity * (exit - entry) - fees;
      const openedAt = at + Math.round(rng.between(30, 600) * 1000);
      const closedAt = openedAt + Math.round(s.holdingDays * rng.between(0.5, 1.5) * DAY_MS);
      if (closedAt >= world.asOf) {
        positionRows.push([`P-${tradeId}`, s.id, instrument.instrument_id, world.asOf, quantity, quantity * entry * (1 + direction * gross * 0.5), pnl * 0.5]);
      } else {
        tradeRows.push([
          tradeId,
          decisionId,
          s.id,
          instrument.instrument_id,
          instrument.sector,
          long ? 'LONG' : 'SHORT',
          openedAt,
          closedAt,
          quantity,
          entry,
          exit,
          notional,
          pnl,
          pnl / notional,
          fees,
          ...head.slice(5),
        ]);
      }
    } else {
      const errorRate = world.effects.has('template_errors') && template === world.plants.template.id ? VARIED_SIZES.errorRate : VARIED_SIZES.baseErrorRate;
      const pError = (errorRate * decisions) / (decisions - trades);
      const blockers = rules.filter((r) => r.blockRate > 0);
      const pBlocked = (blockers.reduce((sum, r) => sum + r.blockRate, 0) * trades) / (decisions - trades);
      const u = rng.uniform();
      if (u < pError) {
        decisionRows.push([
          ...head,
          'SKIP',
          null,
          rng.pick(['PARSE_ERROR', 'TIMEOUT', 'TOOL_ERROR', 'RATE_LIMITED']),
          'APPROVED',
          false,
          null,
          0,
          0,
          null,
          null,
        ]);
      } else if (u < pError + pBlocked) {
        const blocker = blockers[rng.weightedIndex(blockers.map((r) => r.blockRate))];
        const planted =
          world.effects.has('override_blocks_winners') && blocker.rule_id === world.plants.override.rule && s.id === world.plants.override.strategy;
        const forward = draw(world, rng, s, at, planted ? VARIED_SIZES.blockedForwardMean : meanReturn(world, s, at, 'LIVE') + s.feeRate, direction);
        decisionRows.push([...head, enter, round(rng.between(threshold, 1), 4), null, 'BLOCKED', true, blocker.rule_id, proposed, 0, forward, null]);
      } else {
        const action = rng.pick(IDLE_ACTIONS);
        const size = action === 'EXIT' ? proposed : 0;
        decisionRows.push([...head, action, round(rng.between(0.05, 0.95), 4), null, 'APPROVED', false, null, size, size, null, null]);
      }
    }
    if (decisionRows.length >= batch) {
      yield [TABLES.pipeline_decisions, decisionRows];
      yield [TABLES.trades, tradeRows];
      decisionRows = [];
      tradeRows = [];
    }
  }
  yield [TABLES.pipeline_decisions, decisionRows];
  yield [TABLES.trades, tradeRows];
  yield [TABLES.positions, positionRows];
}

/** A run's trades and its metrics_json, some keys left out as research databases do. */
function backtestRun(world: VariedWorld, rng: Random, s: VariedStrategy, run: { id: string; instruments: string[]; from: number; to: number; n: number }) {
  const byId = new Map(world.instruments.map((i) => [i.instrument_id, i]));
  const rows: Row[] = [];
  const returns: number[] = [];
  const regimes = new Map<string, number[]>();
  for (let k = 0; k < run.n; k++) {
    const openedAt = Math.round(run.from + ((k + rng.uniform()) / run.n) * (run.to - run.from));
    const long = rng.chance(s.longShare);
    const r = draw(world, rng, s, openedAt, meanReturn(world, s, openedAt, 'BACKTEST'), long ? 1 : -1);
    const notional = Math.round((s.maxNotional * rng.between(0.3, 1)) / 1000) * 1000;
    const instrument = byId.get(rng.pick(run.instruments))!;
    const regime = world.regimeAt.at(openedAt);
    rows.push([
      run.id,
      `${run.id}-${k + 1}`,
      instrument.instrument_id,
      instrument.sector,
      long ? 'LONG' : 'SHORT',
      openedAt,
      openedAt + Math.round(s.holdingDays * DAY_MS),
      notional,
      r * notional,
      r,
      regime.regime_id,
    ]);
    returns.push(r);
    regimes.set(regime.label, [...(regimes.get(regime.label) ?? []), r]);
  }
  const stats = (xs: number[]) => {
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, xs.length - 1));
    return { mean, sd };
  };
  const { mean, sd } = stats(returns);
  // Per-trade Sharpe annualised by the trades per year this run made.
  const perYear = (run.n / (run.to - run.from)) * 365 * DAY_MS;
  const metrics: Record<string, unknown> = {
    sharpe: round((mean / sd) * Math.sqrt(perYear), 3),
    n_trades: run.n,
    regimes: Object.fromEntries(
      [...regimes].map(([label, xs]) => [
        label,
        { n_trades: xs.length, mean_return: round(stats(xs).mean, 6), sharpe: round((stats(xs).mean / stats(xs).sd) * Math.sqrt(perYear), 3) },
      ]),
    ),
  };
  if (rng.chance(0.7)) metrics.hit_rate = round(returns.filter((r) => r > 0).length / returns.length, 3);
  if (rng.chance(0.5)) metrics.stab = { score: round(rng.between(0.4, 0.95), 2) };
  return { rows, metrics };
}

/** Backtest runs by sleeve layout: one per sleeve, or one sleeve-less run; older and failed runs beside them. */
export function* backtestRows(world: VariedWorld, stream: (label: string) => Random, liveTrades: number): Generator<[TableSpec, Row[]]> {
  const totalWeight = world.strategies.reduce((sum, s) => sum + s.weight, 0);
  const runs: Row[] = [];
  for (const s of world.strategies) {
    if (s.layout === 'no_backtest') continue;
    const rng = stream(`backtests/${s.id}`);
    const universe = world.universes.get(s.universe)!.map((i) => i.instrument_id);
    const units: { sleeve: string | null; instruments: string[]; share: number }[] =
      s.sleeves.length > 0
        ? s.sleeves.map((sl) => ({ sleeve: sl.id, instruments: [...sl.instruments], share: 1 / s.sleeves.length }))
        : [{ sleeve: null, instruments: universe, share: 1 }];
    const perDay = (liveTrades * s.weight) / totalWeight / world.liveDays.length;
    for (const [u, unit] of units.entries()) {
      const shapes = [
        { fromDays: 400, toDays: 250, status: 'COMPLETED' },
        ...(rng.chance(0.4) ? [{ fromDays: 300, toDays: 120, status: 'FAILED' }] : []),
        { fromDays: 320, toDays: rng.int(10, 30), status: 'COMPLETED' },
      ];
      for (const [k, shape] of shapes.entries()) {
        const from = world.asOf - shape.fromDays * DAY_MS;
        const to = world.asOf - shape.toDays * DAY_MS;
        const created = to + rng.int(2, 30) * HOUR_MS;
        const config = s.versions.at(created);
        const id = `${s.id}:bt${u + 1}.${k + 1}`;
        const n = shape.status === 'FAILED' ? 0 : Math.max(150, Math.round(perDay * unit.share * ((to - from) / DAY_MS) * (5 / 7)));
        const run = shape.status === 'FAILED' ? { rows: [], metrics: {} } : backtestRun(world, rng, s, { id, instruments: unit.instruments, from, to, n });
        if (run.rows.length > 0) yield [TABLES.backtest_trades, run.rows];
        runs.push([id, s.id, unit.sleeve, config.config_version_id, config.config_json, universeId(s.universe), from, to, created, shape.status, run.metrics]);
      }
    }
  }
  yield [TABLES.backtest_runs, runs];
}

function configVersion(id: string, type: string, target: string, no: number, json: object, at: number, parent: string | null): Row {
  return [id, type, target, no, json, at, 'desk', null, parent];
}

function ruleJson(rules: VariedRule[]): object {
  return rules.map((r) => ({ rule_id: r.rule_id, enabled: true, params: r.params }));
}

/** Regimes, profiles, universes, the config DB, black swans and their SOP executions. */
export function worldTables(world: VariedWorld, rng: Random): [TableSpec, Row[]][] {
  const origin = world.regimes[0].start;
  const sopShare = (sop: string, versionNo: number): number => {
    const { sopShares } = VARIED_SIZES;
    if (!world.effects.has('sop_regression') || sop !== world.plants.sop.template) return sopShares.base;
    if (versionNo === world.plants.sop.versionNo) return sopShares.regressed;
    return versionNo === world.plants.sop.versionNo - 1 ? sopShares.previous : sopShares.base;
  };
  const versions: Row[] = [
    ...world.strategies.flatMap((s) =>
      s.versions
        .entries()
        .map(({ value: v }) => configVersion(v.config_version_id, 'STRATEGY_CONFIG', s.id, v.version_no, v.config_json, v.created_at, v.parent)),
    ),
    ...world.strategies
      .filter((s) => s.hasOwnRisk)
      .map((s) =>
        configVersion(
          riskVersionId(s),
          'RISK_CONFIG',
          s.id,
          1,
          { strategy_budget_notional: 2e7, max_gross_exposure: 3e7, max_drawdown_stop: 0.2, override_rules: ruleJson(s.rules) },
          origin,
          null,
        ),
      ),
    configVersion(
      'risk:global@1',
      'RISK_CONFIG',
      'global',
      1,
      { strategy_budget_notional: 1e8, max_gross_exposure: 2e8, max_drawdown_stop: 0.25, override_rules: ruleJson(world.globalRules) },
      origin,
      null,
    ),
    ...world.templateStarts.map(({ id, from }, i) =>
      configVersion(
        `prompt:${world.names.slot}@${i + 1}`,
        'PROMPT_TEMPLATE',
        world.names.slot,
        i + 1,
        {
          active_template_id: id,
          available_template_ids: world.names.templates.slice(0, i + 1),
          temperature: 0.2,
          max_tokens: 800,
        },
        from,
        i === 0 ? null : `prompt:${world.names.slot}@${i}`,
      ),
    ),
    ...world.names.universes.map((u) =>
      configVersion(`rules:${u}@1`, 'UNIVERSE_RULES', u, 1, { min_adv_usd: 1e6, max_members: 500, excluded_sectors: [], profile_filters: {} }, origin, null),
    ),
    ...[...world.sopVersions].flatMap(([sop, timeline]) =>
      timeline
        .entries()
        .map(({ value: v }) =>
          configVersion(
            v.id,
            'SOP_TEMPLATE',
            sop,
            v.versionNo,
            { trigger_severity: 2, derisk_fraction: round(0.3 + 0.1 * v.versionNo, 2), max_time_to_action_s: 120, hedge: v.versionNo > 1 },
            v.from,
            v.versionNo > 1 ? `${sop}~${v.versionNo - 1}` : null,
          ),
        ),
    ),
  ];
  const latest = new Map<string, Row>();
  for (const v of versions) {
    const key = `${v[1]}|${v[2]}`;
    if (!latest.has(key) || (latest.get(key)![3] as number) < (v[3] as number)) latest.set(key, v);
  }
  const executions: Row[] = [];
  for (const event of world.events.filter((e) => e.severity >= 2)) {
    const version = world.sopVersions.get(event.sop)!.at(event.detected_at);
    for (const s of rng.shuffled(world.strategies).slice(0, rng.int(2, world.strategies.length))) {
      const exposure = round(rng.between(2e6, 2e7), 0);
      const counterfactual = rng.chance(0.05) ? -round(rng.between(1, 50), 2) : -round(exposure * 0.002 * event.lossScale * Math.exp(0.3 * rng.normal()), 2);
      const share = Math.min(1.1, Math.max(-0.2, sopShare(event.sop, version.versionNo) + event.shareShock + 0.08 * rng.normal()));
      const triggered = event.detected_at + rng.int(10, 300) * 1000;
      const seconds = rng.int(20, 400);
      executions.push([
        `${event.event_id}/${s.id}`,
        event.event_id,
        event.sop,
        version.id,
        s.id,
        triggered,
        triggered + seconds * 1000,
        [{ type: 'DERISK' }],
        exposure,
        round(exposure * (1 - share * 0.6), 0),
        round(counterfactual * (1 - share), 2),
        counterfactual,
        seconds,
      ]);
    }
  }
  return [
    [
      TABLES.regime_history,
      world.regimes.map((r) => [r.regime_id, world.names.market, r.label, r.start, r.end, { realized_vol: round(0.12 * r.volMultiplier, 3) }]),
    ],
    [TABLES.company_profile_versions, world.instruments.map((i) => [i.profile_version_id, i.instrument_id, i.sector, 1, origin, i.attributes])],
    [TABLES.sector_profile_versions, world.names.sectors.map((sector) => [`${sector}#1`, sector, 1, origin, { cyclicality: round(rng.uniform(), 2) }])],
    [TABLES.universe_snapshots, world.names.universes.map((u) => [universeId(u), u, origin, { source: 'screen' }, `rules:${u}@1`])],
    [
      TABLES.universe_members,
      [...world.universes].flatMap(([u, members]) => members.map((m) => [universeId(u), m.instrument_id, m.sector, round(1 / members.length, 6)])),
    ],
    [TABLES.config_versions, versions],
    [TABLES.config_targets, [...latest.values()].map((v) => [v[1], v[2], v[0], v[5]])],
    [TABLES.config_change_log, versions.map((v) => [`chg:${v[0]}`, v[1], v[2], v[8], v[0], 'MANUAL', null, 'desk', 'HUMAN', 'desk change', v[5]])],
    [
      TABLES.black_swan_events,
      world.events.map((e) => [
        e.event_id,
        e.detected_at,
        e.detected_at + 2 * DAY_MS,
        e.severity,
        'MARKET_SHOCK',
        `severity ${e.severity} shock`,
        world.regimeAt.at(e.detected_at).regime_id,
        { strategies: world.strategies.map((s) => s.id) },
      ]),
    ],
    [TABLES.emergency_sop_executions, executions],
  ];
}
