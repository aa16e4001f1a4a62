/**
 * The auto-apply and approval policy: a JSON file (config/policy.json, or KRONOS_POLICY_FILE)
 * validated with zod. `defaults` apply to every target type and each entry of `targets` overrides
 * them; the result must be complete for all six target types. See docs/policy.md.
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError, loadEnv } from '../config.js';
import { TARGET_TYPES, type TargetType } from './target-types.js';
import { parseDurationMs, type TargetPolicy } from './policy-rules.js';
import { readConfigFile } from './config-file.js';

const duration = z.string().refine((s) => parseDurationMs(s) !== null, 'expected a duration such as "30m", "72h" or "14d"');

const targetPolicySchema = z.strictObject({
  auto_apply: z.boolean(),
  min_confidence: z.number().min(0).max(1),
  max_change_magnitude: z.number().positive().max(10),
  review_window: duration,
  evaluation_period: duration,
  approvers: z.array(z.string().trim().min(1)),
  four_eyes: z.boolean(),
  identity: z.enum(['signed', 'claimed']),
  require_track_record: z.strictObject({
    min_verified: z.number().int().min(0),
    min_hit_rate: z.number().min(0).max(1),
  }),
});

const guardrailLimitsSchema = z.strictObject({
  /** Largest acceptable 95 % Expected Shortfall of a strategy's per-trade returns (a loss fraction, e.g. 0.05). */
  max_expected_shortfall: z.number().positive(),
  /** Largest acceptable max drawdown of a strategy (a fraction, e.g. 0.2). */
  max_drawdown: z.number().positive().max(1),
  /** Hard ceiling on RISK_CONFIG.max_gross_exposure that no proposal may exceed automatically. */
  max_gross_exposure: z.number().positive(),
  /** Hard ceiling on RISK_CONFIG.strategy_budget_notional that no proposal may exceed automatically. */
  max_strategy_budget_notional: z.number().positive(),
});

/** How the black-swan watcher looks for events that need a review (src/workflows/black-swan-watch.ts). */
const blackSwanWatchSchema = z.strictObject({
  /** How often it looks; a Temporal Schedule's interval. */
  interval: duration.refine((s) => (parseDurationMs(s) ?? 0) >= 1_000, 'the watch interval must be at least 1s'),
  /** An unresolved event at or above this severity gets an interim review at detection. */
  interim_min_severity: z.number().int().min(1).max(5),
  /** Only events detected or resolved this recently are reviewed: a new installation does not review its whole history. */
  lookback: duration,
});

export const NOTIFICATION_EVENTS = ['proposal.created', 'decision.refused', 'auto_apply.due', 'verification.harm'] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

/** Who is told about what (src/activities/notifications.ts). */
const notificationsSchema = z.strictObject({
  /** The review page's address; a proposal's link is `<review_url>/proposals/<id>`. */
  review_url: z.url(),
  webhooks: z.array(
    z.strictObject({
      url: z.url(),
      /** `json`: Kronos' own body; `slack`: a Slack incoming-webhook body (`text` and `blocks`). */
      format: z.enum(['json', 'slack']),
      events: z.array(z.enum(NOTIFICATION_EVENTS)).min(1),
    }),
  ),
});

const policyFileSchema = z.strictObject({
  defaults: targetPolicySchema.partial().default({}),
  targets: z.partialRecord(z.enum(TARGET_TYPES), targetPolicySchema.partial()).default({}),
  guardrails: guardrailLimitsSchema,
  black_swan: z.strictObject({
    review_window: duration,
    max_auto_apply_severity: z.number().int().min(0).max(5),
    watch: blackSwanWatchSchema.default({ interval: '1m', interim_min_severity: 4, lookback: '7d' }),
  }),
  notifications: notificationsSchema.default({ review_url: 'http://127.0.0.1:8080/review', webhooks: [] }),
});

export type TargetPolicyFields = z.infer<typeof targetPolicySchema>;
export type GuardrailLimits = z.infer<typeof guardrailLimitsSchema>;
export type BlackSwanWatchPolicy = z.infer<typeof blackSwanWatchSchema>;
export type NotificationPolicy = z.infer<typeof notificationsSchema>;

export interface Policy {
  targets: Record<TargetType, TargetPolicyFields>;
  guardrails: GuardrailLimits;
  black_swan: TargetPolicy['black_swan'];
  black_swan_watch: BlackSwanWatchPolicy;
  notifications: NotificationPolicy;
}

/** Where the default policy lives: config/policy.json at the project root. */
export const DEFAULT_POLICY_FILE = fileURLToPath(new URL('../../config/policy.json', import.meta.url));

function issueLine(issue: z.core.$ZodIssue): string {
  const where = issue.path.map(String).join('.') || '(root)';
  return `${where}: ${issue.message}`;
}

/**
 * Validates a parsed policy document; the error names the first bad field.
 *
 * @example
 * const policy = parsePolicy(JSON.parse(text), 'my-policy.json');
 */
export function parsePolicy(document: unknown, source = 'policy'): Policy {
  const parsed = policyFileSchema.safeParse(document);
  if (!parsed.success) throw new ConfigError(`invalid policy ${source}: ${issueLine(parsed.error.issues[0])}`);
  const { defaults, targets, guardrails, notifications } = parsed.data;
  const { watch, ...black_swan } = parsed.data.black_swan;
  const complete = {} as Record<TargetType, TargetPolicyFields>;
  for (const type of TARGET_TYPES) {
    const candidate: Record<string, unknown> = { ...defaults, ...targets[type] };
    const merged = targetPolicySchema.safeParse(candidate);
    if (!merged.success) {
      const issue = merged.error.issues[0];
      const missing = issue.path.length === 1 && candidate[String(issue.path[0])] === undefined;
      throw new ConfigError(
        missing
          ? `invalid policy ${source}: targets.${type}.${String(issue.path[0])} is missing (set it there or in defaults)`
          : `invalid policy ${source}: targets.${type}.${issueLine(issue)}`,
      );
    }
    complete[type] = merged.data;
  }
  return { targets: complete, guardrails, black_swan, black_swan_watch: watch, notifications };
}

/**
 * Reads and validates the policy file: `path`, else KRONOS_POLICY_FILE, else config/policy.json.
 * Any problem is a ConfigError with a one-line message naming the file and the bad field.
 *
 * @example
 * const policy = loadPolicy();
 * const rule = policyForTarget(policy, 'STRATEGY_CONFIG');
 */
export function loadPolicy(path?: string): Policy {
  const file = path ?? loadEnv().KRONOS_POLICY_FILE ?? DEFAULT_POLICY_FILE;
  const document = readConfigFile(file, 'policy file');
  return parsePolicy(document, file);
}

/**
 * The rule for one target type, as the pure refusal and auto-apply functions take it.
 *
 * @example
 * refuseApproval(policyForTarget(policy, 'RISK_CONFIG'), { proposedBy: 'kronos', status: 'PENDING' }, 'alice');
 */
export function policyForTarget(policy: Policy, targetType: TargetType): TargetPolicy {
  const fields = policy.targets[targetType];
  if (!fields) throw new ConfigError(`the policy has no rule for target type ${targetType}`);
  return { ...fields, approvers: [...fields.approvers], black_swan: { ...policy.black_swan } };
}
