/**
 * Black-swan SOPs: per event and SOP version, the loss avoided (pnl_during_event − counterfactual_pnl),
 * the share of the counterfactual loss avoided, time to action and exposure cut; and each version against
 * its predecessor (parent_version_id, else the previous version_no of the same template). The test uses
 * the share of the loss avoided, comparable across events of different size, and the loss avoided itself
 * when the counterfactuals were not losses. Executions of one event share its severity: the event is the
 * unit of independence (CR2 variance over events, Imbens–Kolesár degrees of freedom).
 */
import type { Aggregates, SopCell, SopVersion } from '../aggregates.js';
import type { SopEventCell } from '../findings.js';
import { clusteredTest, sumsByCluster } from '../stats/cluster-robust.js';
import { type DiagnosticCell, insufficient, makeCell, MIN_SAMPLE } from './cell.js';
import { momentMean } from './moments.js';

const SECTION = 'black_swan_sops';

function versionSums(cells: readonly SopCell[]) {
  const s = (pick: (c: SopCell) => number) => cells.reduce((acc, c) => acc + pick(c), 0);
  return {
    executions: s((c) => c.n),
    events: new Set(cells.map((c) => c.event_id)).size,
    share: { n: s((c) => c.n_share), sum: s((c) => c.sum_share), sum_sq: s((c) => c.sum_sq_share) },
    avoided: { n: s((c) => c.n_valued), sum: s((c) => c.sum_avoided), sum_sq: s((c) => c.sum_sq_avoided) },
    time_to_action: s((c) => c.n_time_to_action) > 0 ? s((c) => c.sum_time_to_action) / s((c) => c.n_time_to_action) : null,
    exposure_cut: s((c) => c.n_exposure_cut) > 0 ? s((c) => c.sum_exposure_cut) / s((c) => c.n_exposure_cut) : null,
  };
}

function previousVersion(version: SopVersion, all: readonly SopVersion[]): SopVersion | undefined {
  const same = all.filter((v) => v.sop_template_id === version.sop_template_id);
  return (
    same.find((v) => v.sop_version_id === version.parent_version_id) ??
    same.filter((v) => v.version_no < version.version_no).sort((a, b) => b.version_no - a.version_no)[0]
  );
}

/** Per (event, version) descriptive cells. */
function eventCells(agg: Aggregates): SopEventCell[] {
  return agg.sops.map((c) =>
    makeCell({
      section: SECTION,
      subject: { event_id: c.event_id, sop_template_id: c.sop_template_id, sop_version_id: c.sop_version_id },
      metric: 'loss_avoided',
      n: c.n,
      value: c.n_valued > 0 ? c.sum_avoided / c.n_valued : NaN,
      effect: c.n_valued > 0 ? c.sum_avoided / c.n_valued : NaN,
      extra: {
        severity: c.severity,
        event_kind: c.event_kind,
        loss_avoided_total: c.sum_avoided,
        loss_avoided_share: c.n_share > 0 ? c.sum_share / c.n_share : null,
        time_to_action_s: c.n_time_to_action > 0 ? c.sum_time_to_action / c.n_time_to_action : null,
        exposure_cut: c.n_exposure_cut > 0 ? c.sum_exposure_cut / c.n_exposure_cut : null,
      },
    }),
  );
}

/** Each executed version against its predecessor: 'less' = it avoided less. */
function versionCells(agg: Aggregates): DiagnosticCell[] {
  const executed = [...new Set(agg.sops.map((c) => c.sop_version_id))];
  return agg.sop_versions
    .filter((v) => executed.includes(v.sop_version_id))
    .flatMap((version) => {
      const previous = previousVersion(version, agg.sop_versions);
      if (!previous || !executed.includes(previous.sop_version_id)) return [];
      const nowCells = agg.sops.filter((c) => c.sop_version_id === version.sop_version_id);
      const beforeCells = agg.sops.filter((c) => c.sop_version_id === previous.sop_version_id);
      const now = versionSums(nowCells);
      const before = versionSums(beforeCells);
      const useShare = now.share.n >= MIN_SAMPLE.sopExecutions && before.share.n >= MIN_SAMPLE.sopExecutions;
      const [a, b] = useShare ? [now.share, before.share] : [now.avoided, before.avoided];
      const base = makeCell({
        section: SECTION,
        kind: 'SOP_VERSION_WORSE',
        subject: { sop_template_id: version.sop_template_id, sop_version_id: version.sop_version_id },
        metric: useShare ? 'loss_avoided_share_diff' : 'loss_avoided_diff',
        n: a.n,
        value: momentMean(a),
        baseline: momentMean(b),
        extra: {
          previous_version_id: previous.sop_version_id,
          previous_n: b.n,
          events: now.events,
          previous_events: before.events,
          time_to_action_s: now.time_to_action,
          previous_time_to_action_s: before.time_to_action,
          exposure_cut: now.exposure_cut,
          previous_exposure_cut: before.exposure_cut,
        },
      });
      if (a.n < MIN_SAMPLE.sopExecutions || b.n < MIN_SAMPLE.sopExecutions) {
        return [insufficient(base, `fewer than ${MIN_SAMPLE.sopExecutions} valued executions of a version`)];
      }
      const byEvent = (cells: readonly SopCell[]) =>
        cells.map((c) =>
          useShare
            ? { cluster: c.event_id, n: c.n_share, sum: c.sum_share, sum_sq: c.sum_sq_share }
            : { cluster: c.event_id, n: c.n_valued, sum: c.sum_avoided, sum_sq: c.sum_sq_avoided },
        );
      const [sa, sb] = sumsByCluster([byEvent(nowCells), byEvent(beforeCells)]);
      const eventsWith = (sums: { n: readonly number[] }) => sums.n.filter((n) => n > 0).length;
      if (
        eventsWith(sa) < MIN_SAMPLE.sopEventsPerVersion ||
        eventsWith(sb) < MIN_SAMPLE.sopEventsPerVersion ||
        eventsWith(sa) + eventsWith(sb) < MIN_SAMPLE.clusters
      ) {
        return [
          insufficient(
            base,
            `fewer than ${MIN_SAMPLE.sopEventsPerVersion} events with valued executions per version or ${MIN_SAMPLE.clusters} in all (the clusters of the variance)`,
          ),
        ];
      }
      const test = clusteredTest(
        [
          { coefficient: 1, sums: sa },
          { coefficient: -1, sums: sb },
        ],
        0,
        'less',
      );
      return [{ ...base, status: 'tested' as const, effect: test.estimate, ci: test.ci, p: test.p, extra: { ...base.extra, df: test.df } }];
    });
}

/**
 * @example
 * const cells = blackSwanSopsSection(aggregates);
 */
export function blackSwanSopsSection(agg: Aggregates): (SopEventCell | DiagnosticCell)[] {
  return [...eventCells(agg), ...versionCells(agg)];
}
