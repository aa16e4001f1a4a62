import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PROPOSAL_STATUSES, type ProposalStatus } from '../../../src/proposals/statuses.js';
import { type ApprovalPhase, canMoveStatus, refusePhaseMove, statusesBefore } from '../../../src/proposals/lifecycle.js';

const ALLOWED: Array<[ProposalStatus, ProposalStatus]> = [
  ['PENDING', 'APPROVED'],
  ['PENDING', 'REJECTED'],
  ['PENDING', 'EXPIRED'],
  ['PENDING', 'SUPERSEDED'],
  ['PENDING', 'CONFLICT'],
  ['PENDING', 'APPLIED'],
  ['APPROVED', 'REJECTED'],
  ['APPROVED', 'EXPIRED'],
  ['APPROVED', 'CONFLICT'],
  ['APPROVED', 'APPLIED'],
  ['APPLIED', 'REVERTED'],
];

test('every status move: the allowed ones, and every other pair refused', () => {
  const key = (from: string, to: string) => `${from}→${to}`;
  const allowed = new Set(ALLOWED.map(([from, to]) => key(from, to)));
  for (const from of PROPOSAL_STATUSES) {
    for (const to of PROPOSAL_STATUSES) assert.equal(canMoveStatus(from, to), allowed.has(key(from, to)), key(from, to));
  }
});

test('the statuses a guarded update starts from', () => {
  assert.deepEqual(statusesBefore('REVERTED'), ['APPLIED']);
  assert.deepEqual(statusesBefore('SUPERSEDED'), ['PENDING']);
  assert.deepEqual(statusesBefore('APPLIED'), ['PENDING', 'APPROVED']);
  assert.deepEqual(statusesBefore('PENDING'), []);
});

const PHASES: ApprovalPhase[] = ['REVIEW', 'APPLYING', 'EVALUATION', 'REVERTING', 'VERIFYING', 'CLOSED'];
const PHASE_ALLOWED: Array<[ApprovalPhase, ApprovalPhase]> = [
  ['REVIEW', 'APPLYING'],
  ['REVIEW', 'CLOSED'],
  ['APPLYING', 'EVALUATION'],
  ['APPLYING', 'CLOSED'],
  ['EVALUATION', 'REVERTING'],
  ['EVALUATION', 'VERIFYING'],
  ['VERIFYING', 'EVALUATION'],
  ['VERIFYING', 'CLOSED'],
  ['REVERTING', 'CLOSED'],
];
const HELD: Record<ApprovalPhase, ProposalStatus> = {
  REVIEW: 'PENDING',
  APPLYING: 'APPROVED',
  EVALUATION: 'APPLIED',
  REVERTING: 'APPLIED',
  VERIFYING: 'APPLIED',
  CLOSED: 'REJECTED',
};

test('every phase move: the allowed ones, and every other pair refused with the reason', () => {
  const allowed = new Set(PHASE_ALLOWED.map(([from, to]) => `${from}→${to}`));
  for (const from of PHASES) {
    for (const to of PHASES) {
      const refusal = refusePhaseMove({ phase: from }, { phase: to, status: HELD[to] });
      if (allowed.has(`${from}→${to}`)) assert.equal(refusal, null, `${from}→${to}`);
      else assert.equal(refusal, `phase ${from} cannot move to ${to}`);
    }
  }
});

test('each phase holds only its statuses; a closed workflow holds any final status', () => {
  assert.equal(refusePhaseMove({ phase: 'REVIEW' }, { phase: 'APPLYING', status: 'PENDING' }), 'phase APPLYING cannot hold status PENDING');
  assert.equal(refusePhaseMove({ phase: 'APPLYING' }, { phase: 'EVALUATION', status: 'CONFLICT' }), 'phase EVALUATION cannot hold status CONFLICT');
  for (const status of ['REJECTED', 'EXPIRED', 'SUPERSEDED', 'CONFLICT', 'APPLIED', 'REVERTED'] as const) {
    assert.equal(refusePhaseMove({ phase: 'APPLYING' }, { phase: 'CLOSED', status }), null, status);
  }
  for (const status of ['PENDING', 'APPROVED'] as const) {
    assert.equal(refusePhaseMove({ phase: 'REVIEW' }, { phase: 'CLOSED', status }), `phase CLOSED cannot hold status ${status}`);
  }
});
