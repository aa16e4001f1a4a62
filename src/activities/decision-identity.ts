/**
 * The identity check of a decision, before the workflow records it: who Temporal says sent the message
 * (read from the workflow's history: the signal's or the accepted update's `identity`, and the server's
 * authenticated principal where it records one), whether a signature proves the claimed name (registered
 * keys, proposal, action, time window), and the nonce's single use. The answer goes into the audit log.
 */
import { Context } from '@temporalio/activity';
import type { temporal } from '@temporalio/proto';
import { findReceivedDecision, recordReceivedDecision } from '../db/repositories/received-decisions.js';
import { loadApproverKeys } from '../proposals/approver-keys.js';
import { checkSignedDecision, type SignedAction, type VerifiedSignature } from '../proposals/signed-decision.js';
import type { DecisionCheck, DecisionVerdict, MessageRef } from '../workflows/approval-messages.js';
import type { ActivityDeps } from './deps.js';
import { failFastOnBadInput } from './failures.js';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** The message's history event: the accepted update with its id, or the n-th signal of its name in this run. */
function messageEvent(events: HistoryEvent[], message: MessageRef): { identity: string | null; event: HistoryEvent | undefined } {
  if (message.kind === 'update') {
    const event = events.find((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId === message.updateId);
    return { event, identity: event?.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.identity || null };
  }
  const event = events.filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === message.name)[message.ordinal];
  return { event, identity: event?.workflowExecutionSignaledEventAttributes?.identity || null };
}

async function senderOf(check: DecisionCheck): Promise<{ sentBy: string | null; principal: string | null }> {
  const history = await Context.current().client.workflow.getHandle(check.workflowId, check.runId).fetchHistory();
  const { event, identity } = messageEvent(history.events ?? [], check.message);
  const principal = event?.principal?.name ? `${event.principal.type ?? 'principal'}:${event.principal.name}` : null;
  return { sentBy: identity, principal };
}

function messageKey(check: DecisionCheck): string {
  return check.message.kind === 'update' ? `update:${check.message.updateId}` : `signal:${check.message.name}#${check.message.ordinal}@${check.runId}`;
}

function signatureRefusal(check: DecisionCheck, deps: Pick<ActivityDeps, 'approversPath' | 'extraApprovers'>): VerifiedSignature | { refusal: string } | null {
  const { request } = check;
  if (!request.signed) {
    return check.identity === 'signed'
      ? { refusal: `${check.targetType} decisions must be signed: sign with \`kronos ${check.action}\`, or use the review page` }
      : null;
  }
  const signed = { ...request.signed, by: request.by, reason: request.reason, action: request.signed.action as SignedAction };
  return checkSignedDecision(
    signed,
    { proposalId: check.proposalId, action: check.action },
    loadApproverKeys(deps.approversPath, deps.extraApprovers),
    Date.now(),
  );
}

/**
 * The identity activities, bound to the worker's database and approvers file.
 *
 * @example
 * const verdict = await verifyDecision({ proposalId, action: 'approve', request, identity: 'signed', message, ... });
 * verdict.refusal; // null, or why the decision is refused
 */
export function createDecisionIdentityActivities(deps: ActivityDeps) {
  const { db } = deps;
  return {
    async verifyDecision(check: DecisionCheck): Promise<DecisionVerdict> {
      const message = messageKey(check);
      const sender = await senderOf(check);
      // A retry after the row was written finds it: the same answer, not a replayed nonce.
      const earlier = await findReceivedDecision(db, check.proposalId, message);
      if (earlier)
        return { verifiedBy: (earlier.verified_by as string | null) ?? null, keyId: (earlier.key_id as string | null) ?? null, ...sender, refusal: null };
      const signature = await failFastOnBadInput(async () => signatureRefusal(check, deps));
      if (signature && 'refusal' in signature) return { verifiedBy: null, keyId: null, ...sender, refusal: signature.refusal };
      const identity = { verifiedBy: signature?.verifiedBy ?? null, keyId: signature?.keyId ?? null, ...sender };
      const recorded = await recordReceivedDecision(db, check.proposalId, {
        message,
        nonce: check.request.signed?.nonce ?? null,
        actor: check.request.by,
        detail: {
          action: check.action,
          claimed_by: check.request.by,
          verified: signature !== null,
          verified_by: identity.verifiedBy,
          key_id: identity.keyId,
          signer: signature?.signer ?? null,
          sent_by: identity.sentBy,
          principal: identity.principal,
          via: check.message.kind,
        },
      });
      if (recorded === 'nonce-used') {
        return {
          ...identity,
          verifiedBy: null,
          refusal: `this signed decision was used before on proposal ${check.proposalId} (its nonce is accepted once): sign a new one`,
        };
      }
      return { ...identity, refusal: null };
    },
  };
}
