/**
 * An SOP template version that avoided less loss in black-swan events than the version before it is
 * rolled back: the live SOP_TEMPLATE gets the previous version's parameters (trigger_severity,
 * derisk_fraction, max_time_to_action_s, hedge) as a new version; other keys stay as they are live.
 * Only when the judged version is the live one, and the previous version is in the config DB. Going
 * back to parameters that ran before is not bounded by the policy's maximum change magnitude. The
 * black-swan severity behind it (which caps auto-apply) is the finding's, else the highest of the
 * events the version ran in.
 */
import type { DiagnosticsSections } from '../../analysis/findings.js';
import { sopEventCells } from '../diagnostic-cells.js';
import { extraNumber } from '../evidence.js';
import { impact } from '../expected-impact.js';
import type { ProposalRule } from './rule.js';
import { copyConfig, locateExisting } from './shared.js';

const SOP_PARAMETERS = ['trigger_severity', 'derisk_fraction', 'max_time_to_action_s', 'hedge'] as const;

/** The highest severity of the black-swan events the judged version ran in, from the run's per-event cells. */
function eventSeverity(diagnostics: DiagnosticsSections, versionId: string): number | null {
  const severities = sopEventCells(diagnostics, versionId)
    .map((c) => c.extra.severity)
    .filter((s): s is number => typeof s === 'number' && Number.isFinite(s));
  return severities.length > 0 ? Math.max(...severities) : null;
}

export const sopRollbackRule: ProposalRule = {
  kind: 'SOP_ROLLBACK',
  findingKinds: ['SOP_VERSION_WORSE'],
  targetType: 'SOP_TEMPLATE',
  locate: (finding, live) => locateExisting(finding, 'sop_template_id', 'SOP_TEMPLATE', live),
  propose(findings, target, ctx) {
    const finding = findings.find((f) => f.subject.sop_version_id === target?.config_version_id);
    if (!finding) return { skip: `the judged SOP version is no longer live (live: ${target?.config_version_id})` };
    const previousId = finding.extra.previous_version_id;
    const previous = typeof previousId === 'string' ? ctx.live.history[previousId] : undefined;
    if (!previous || previous.target_id !== target?.target_id) return { skip: `the previous SOP version ${String(previousId)} is not in the config DB` };
    const config = copyConfig(target);
    const before = copyConfig(previous);
    for (const key of SOP_PARAMETERS) if (before[key] !== undefined) config[key] = before[key];
    return {
      proposed: config,
      basis: [finding],
      restoresVersion: previous.config_version_id,
      severity: extraNumber(finding, 'severity', 'max_severity') ?? eventSeverity(ctx.diagnostics, finding.subject.sop_version_id),
      summary: `roll SOP template ${target.target_id} back to the parameters of version ${previous.version_no} (${previous.config_version_id})`,
      impact: impact(
        'loss_avoided',
        { sop_template_id: [target.target_id] },
        'increase',
        ctx.policy.evaluation_period,
        `version ${target.config_version_id} avoided ${finding.value.toFixed(2)} per event against ${finding.baseline.toFixed(2)} for ${previous.config_version_id} (n=${finding.n})`,
        { baseline: finding.value, expected: finding.baseline },
      ),
    };
  },
};
