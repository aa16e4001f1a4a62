/**
 * A company-profile bucket whose trades keep losing is filtered out of the universe through
 * UNIVERSE_RULES.profile_filters. A numeric bucket at either end of the attribute's range becomes a
 * `min` (lowest bucket) or `max` (highest bucket) bound; a middle bucket cannot be cut out with
 * min/max and is left to a person. A categorical bucket is removed from the attribute's `in` list.
 *
 * What the rule reads from the finding: subject.attribute and subject.bucket; for a numeric bucket
 * extra.bucket_min / extra.bucket_max (null or missing for an open end) and, when both are finite,
 * extra.bucket_index and extra.bucket_count to tell an end bucket; for a categorical bucket of an
 * attribute with no `in` filter yet, its categories: extra.categories (every value seen, comma-joined),
 * else the buckets of the attribute's performance cells in the run's diagnostics. Buckets labelled as quantiles
 * (Q1, Q2, …) are numeric and need their bounds.
 */
import type { DiagnosticsSections, Finding } from '../../analysis/findings.js';
import type { ProfileFilter } from '../config-schemas.js';
import { profileBuckets } from '../diagnostic-cells.js';
import { extraNumber } from '../evidence.js';
import { impact } from '../expected-impact.js';
import type { ProposalRule } from './rule.js';
import { copyConfig, describeLoss, locateUniverse, universeIdsOf } from './shared.js';

type Cut = { filter: ProfileFilter } | { skip: string };

function numericCut(f: Finding, existing: ProfileFilter | undefined): Cut | null {
  const low = extraNumber(f, 'bucket_min');
  const high = extraNumber(f, 'bucket_max');
  if (low === null && high === null) return null;
  const index = extraNumber(f, 'bucket_index');
  const count = extraNumber(f, 'bucket_count');
  const lowest = low === null || index === 0;
  const highest = high === null || (index !== null && count !== null && index === count - 1);
  const filter: ProfileFilter = { ...existing };
  if (lowest && high !== null) filter.min = Math.max(existing?.min ?? high, high);
  else if (highest && low !== null) filter.max = Math.min(existing?.max ?? low, low);
  else return { skip: `bucket ${f.subject.bucket} of ${f.subject.attribute} is not at either end of its range` };
  if (filter.min !== undefined && filter.max !== undefined && filter.min > filter.max) {
    return { skip: `excluding bucket ${f.subject.bucket} would leave no ${f.subject.attribute} values` };
  }
  return { filter };
}

const QUANTILE_LABEL = /^Q\d+$/i;

/** The categories of an attribute: listed by the finding, else the buckets its cells in the run have. */
function categoriesOf(f: Finding, diagnostics: DiagnosticsSections): string[] | null {
  if (typeof f.extra.categories === 'string')
    return f.extra.categories
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
  const buckets = new Set([...profileBuckets(diagnostics, f.subject.attribute), f.subject.bucket]);
  return [...buckets].some((b) => QUANTILE_LABEL.test(b)) || buckets.size < 2 ? null : [...buckets].sort();
}

function categoricalCut(f: Finding, existing: ProfileFilter | undefined, diagnostics: DiagnosticsSections): Cut {
  const bucket = f.subject.bucket;
  const allowed = existing?.in ?? categoriesOf(f, diagnostics);
  if (!allowed) return { skip: `neither bounds nor the categories of ${f.subject.attribute} are known for bucket ${bucket}` };
  const remaining = allowed.filter((value) => String(value) !== bucket);
  if (remaining.length === allowed.length) return { skip: `${f.subject.attribute} bucket ${bucket} is already filtered out` };
  if (remaining.length === 0) return { skip: `excluding bucket ${bucket} would leave no ${f.subject.attribute} values` };
  return { filter: { ...existing, in: remaining } };
}

export const profileFilterRule: ProposalRule = {
  kind: 'UNIVERSE_PROFILE_FILTER',
  findingKinds: ['PROFILE_BUCKET_LOSES'],
  targetType: 'UNIVERSE_RULES',
  locate: (finding, live) =>
    finding.subject.attribute && finding.subject.bucket ? locateUniverse(finding, live) : { skip: 'the finding names no attribute and bucket' },
  propose(findings, target, ctx) {
    const config = copyConfig(target);
    const filters = { ...((config.profile_filters as Record<string, ProfileFilter> | undefined) ?? {}) };
    const applied: Finding[] = [];
    const skipped: string[] = [];
    for (const f of [...findings].sort((a, b) => a.id.localeCompare(b.id))) {
      const attribute = f.subject.attribute;
      const cut = numericCut(f, filters[attribute]) ?? categoricalCut(f, filters[attribute], ctx.diagnostics);
      if ('skip' in cut) {
        skipped.push(cut.skip);
        continue;
      }
      filters[attribute] = cut.filter;
      applied.push(f);
    }
    if (applied.length === 0) return { skip: skipped.join('; ') };
    config.profile_filters = filters;
    const universe = target?.target_id ?? '';
    const buckets = applied.map((f) => describeLoss(`${f.subject.attribute}=${f.subject.bucket}`, f)).join(', ');
    return {
      proposed: config,
      basis: applied,
      summary: `filter ${applied.map((f) => `${f.subject.attribute} bucket ${f.subject.bucket}`).join(', ')} out of universe ${universe}`,
      impact: impact(
        'mean_return',
        { universe_id: universeIdsOf(ctx.live, universe) },
        'increase',
        ctx.policy.evaluation_period,
        `trades in ${buckets} lose; the filter keeps such companies out`,
      ),
    };
  },
};
