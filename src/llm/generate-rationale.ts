/**
 * A proposal's rationale, end to end: read the row, ask the model (when one is configured) to explain the
 * already-decided change from a sanitized data block, check the answer against the numbers, and store
 * either the model's markdown or the proposal's deterministic rationale (the template) with the reason. Only rationale columns are
 * written. Transient failures (429, 5xx, timeout) are thrown for the caller's retry policy, unless the
 * caller says this is its last attempt, in which case the template is stored instead.
 */
import type { Kysely } from 'kysely';
import { getProposal } from '../db/repositories/proposals.js';
import { type RationaleFields, storeRationale } from '../db/repositories/rationales.js';
import type { Database } from '../db/schema.js';
import { InvalidProposalError, ProposalNotFoundError } from '../proposals/errors.js';
import { requestRationale, type ModelReply } from './chat-client.js';
import { LlmTransientError } from './errors.js';
import { checkGrounding, groundingContext } from './grounding.js';
import { PROMPT_VERSION, buildPromptData, promptMessages } from './prompt.js';
import { renderModelRationale, withNote } from './render-rationale.js';
import type { LlmSettings } from './settings.js';

/**
 * How a stored rationale was made: a model's text that passed the grounding check; a model's text that
 * failed it (the template is shown, the model's text kept for audit); the template because no model is
 * configured; the template because the model's answer could not be had or used.
 */
export type RationaleStatus = 'LLM_GROUNDED' | 'LLM_UNGROUNDED' | 'TEMPLATE_NO_KEY' | 'TEMPLATE_FALLBACK';

export interface RationaleOutcome {
  proposalId: string;
  status: RationaleStatus;
  /** For TEMPLATE_FALLBACK: why (e.g. `INVALID_JSON`, `TIMEOUT`); for LLM_UNGROUNDED: `UNGROUNDED`. */
  reason?: string;
}

export interface GenerateRationaleOptions {
  /** Aborts the model request (the activity's cancellation signal); nothing is stored then. */
  signal?: AbortSignal;
  /** Store the template instead of throwing a transient failure: the caller will not retry again. */
  lastAttempt?: boolean;
}

/**
 * Generates and stores the rationale of one proposal.
 *
 * @throws LlmTransientError on 429 (with the server's retry delay), 5xx, timeouts and connection failures,
 *   unless `lastAttempt`; LlmCancelledError when `signal` fires; ProposalNotFoundError; InvalidProposalError
 *   for a row stored without its deterministic rationale.
 * @example
 * const outcome = await generateRationale(db, 'prop-7f3a', llmSettings(loadEnv()));
 * console.log(outcome.status); // 'LLM_GROUNDED'
 */
export async function generateRationale(
  db: Kysely<Database>,
  proposalId: string,
  settings: LlmSettings,
  options: GenerateRationaleOptions = {},
): Promise<RationaleOutcome> {
  const row = await getProposal(db, proposalId);
  if (!row) throw new ProposalNotFoundError(proposalId);
  const template = row.deterministic_rationale_text;
  if (template === null) throw new InvalidProposalError(`proposal ${proposalId} has no deterministic rationale to fall back on`);
  const store = async (status: RationaleStatus, fields: Omit<RationaleFields, 'rationale_status' | 'deterministic_rationale_text'>, reason?: string) => {
    await storeRationale(db, proposalId, { ...fields, rationale_status: status, deterministic_rationale_text: template });
    return { proposalId, status, ...(reason ? { reason } : {}) };
  };

  if (!settings.apiKey) {
    return store('TEMPLATE_NO_KEY', {
      rationale_text: withNote(template, 'no language model is configured'),
      rationale_model: null,
      rationale_prompt_version: null,
      rationale_usage_json: null,
      rationale_latency_ms: null,
    });
  }

  const data = buildPromptData(row);
  let reply: ModelReply;
  try {
    reply = await requestRationale(settings, promptMessages(data), { signal: options.signal });
  } catch (error) {
    if (!(error instanceof LlmTransientError) || !options.lastAttempt) throw error;
    return store(
      'TEMPLATE_FALLBACK',
      {
        rationale_text: withNote(template, `the language model failed on the last attempt (${error.kind}: ${error.message})`),
        rationale_model: settings.model,
        rationale_prompt_version: PROMPT_VERSION,
        rationale_usage_json: { fallback: { reason: error.kind, detail: error.message } },
        rationale_latency_ms: null,
      },
      error.kind,
    );
  }

  const replyFields = {
    rationale_model: reply.model,
    rationale_prompt_version: PROMPT_VERSION,
    rationale_latency_ms: reply.latencyMs,
  };
  if (reply.kind === 'unusable') {
    return store(
      'TEMPLATE_FALLBACK',
      {
        ...replyFields,
        rationale_text: withNote(template, `the language model's answer was not usable (${reply.reason}: ${reply.detail})`),
        rationale_usage_json: { ...reply.usage, fallback: { reason: reply.reason, detail: reply.detail } },
      },
      reply.reason,
    );
  }

  const verdict = checkGrounding(reply.rationale, groundingContext(data));
  if (!verdict.grounded) {
    return store(
      'LLM_UNGROUNDED',
      {
        ...replyFields,
        rationale_text: withNote(template, `the language model's rationale failed the grounding check: ${verdict.problems.slice(0, 3).join('; ')}`),
        rationale_usage_json: { ...reply.usage, grounding_problems: verdict.problems, rejected_rationale: reply.rationale },
      },
      'UNGROUNDED',
    );
  }
  return store('LLM_GROUNDED', {
    ...replyFields,
    rationale_text: renderModelRationale(reply.rationale, { model: reply.model, promptVersion: PROMPT_VERSION }),
    rationale_usage_json: reply.usage,
  });
}
