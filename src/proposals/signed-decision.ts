/**
 * Signed decisions: a person (or the API, for the identity its token maps to) signs
 * `{proposal_id, action, by, reason, issued_at, nonce}` with an Ed25519 key from node:crypto, and the
 * worker checks the signature against the registered public keys (approver-keys.ts) before the decision
 * is recorded. The bytes signed are a fixed-order JSON array behind a version tag, so no canonical-JSON
 * library is needed and a field can never be read in two ways.
 */
import { createHash, createPublicKey, type KeyObject, randomBytes, sign, verify } from 'node:crypto';
import type { ApproverKeys } from './approver-keys.js';

export type SignedAction = 'approve' | 'reject' | 'revert';

/** What is signed. */
export interface DecisionClaim {
  proposal_id: string;
  action: SignedAction;
  by: string;
  reason: string;
  /** ISO time of signing; accepted within the signature window. */
  issued_at: string;
  /** Random, accepted once per proposal. */
  nonce: string;
}

/** The payload sent as the message's input: the claim, the signing key's id and the signature (base64). */
export interface SignedDecision extends DecisionClaim {
  key_id: string;
  signature: string;
}

const SIGNING_TAG = 'kronos-decision-v1';

/** How long a signature is accepted after it was issued, and how far ahead a signer's clock may be. */
export const SIGNATURE_WINDOW_MS = 10 * 60_000;
export const CLOCK_SKEW_MS = 60_000;

function signingBytes(claim: DecisionClaim): Buffer {
  return Buffer.from(JSON.stringify([SIGNING_TAG, claim.proposal_id, claim.action, claim.by, claim.reason, claim.issued_at, claim.nonce]), 'utf8');
}

/**
 * The id of a public key: `ed25519:` and the first 16 bytes of the SHA-256 of its SPKI encoding, base64url.
 *
 * @example
 * keyIdOf(createPublicKey(pem)); // 'ed25519:3q2-7w…'
 */
export function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return `ed25519:${createHash('sha256').update(der).digest().subarray(0, 16).toString('base64url')}`;
}

/** A public key as registered: base64 of its SPKI DER (what `kronos keys create` prints). */
export function publicKeyText(publicKey: KeyObject): string {
  return publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
}

/** Parses a registered public key; throws when it is not an Ed25519 key. */
export function parsePublicKey(text: string): KeyObject {
  const key = createPublicKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`not an Ed25519 key (${key.asymmetricKeyType})`);
  return key;
}

/**
 * Signs a decision now with a fresh nonce.
 *
 * @example
 * const payload = signDecision({ proposal_id: 'prp_1', action: 'approve', by: 'alice', reason: 'ok' }, privateKey);
 * // { proposal_id, action, by, reason, issued_at, nonce, key_id, signature }
 */
export function signDecision(
  claim: Omit<DecisionClaim, 'issued_at' | 'nonce'> & Partial<Pick<DecisionClaim, 'issued_at' | 'nonce'>>,
  privateKey: KeyObject,
): SignedDecision {
  const full: DecisionClaim = {
    proposal_id: claim.proposal_id,
    action: claim.action,
    by: claim.by,
    reason: claim.reason,
    issued_at: claim.issued_at ?? new Date().toISOString(),
    nonce: claim.nonce ?? randomBytes(16).toString('base64url'),
  };
  const signature = sign(null, signingBytes(full), privateKey).toString('base64');
  return { ...full, key_id: keyIdOf(createPublicKey(privateKey)), signature };
}

/**
 * What a decision sends: signed when its sender holds a key for `by`, else `by` and `reason` alone (a
 * claimed name, which targets whose policy says `identity: "signed"` refuse).
 *
 * @example
 * decisionPayload('approve', 'prp_1', { by: 'alice', reason: 'ok' }, signingKeyOf(dir, 'alice'));
 */
export function decisionPayload(
  action: SignedAction,
  proposalId: string,
  request: { by: string; reason: string },
  privateKey: KeyObject | null,
): SignedDecision | { by: string; reason: string } {
  if (!privateKey) return { by: request.by, reason: request.reason };
  return signDecision({ proposal_id: proposalId, action, by: request.by, reason: request.reason }, privateKey);
}

/** Who a valid signature says decided, and through which key (the API's key signs for its tokens' identities). */
export interface VerifiedSignature {
  verifiedBy: string;
  keyId: string;
  signer: string;
}

/**
 * Checks a signed decision against the registered keys, the proposal and action it is sent for, and the
 * time: a verified identity, or the one-line reason it is refused. The nonce's single use is checked
 * where decisions are recorded (the proposal's audit events).
 *
 * @example
 * checkSignedDecision(payload, { proposalId: 'prp_1', action: 'approve' }, keys, Date.now());
 * // { verifiedBy: 'alice', keyId: 'ed25519:…', signer: 'alice' }
 */
export function checkSignedDecision(
  signed: SignedDecision,
  expected: { proposalId: string; action: SignedAction },
  keys: ApproverKeys,
  nowMs: number,
): VerifiedSignature | { refusal: string } {
  const key = keys.byId.get(signed.key_id);
  if (!key) return { refusal: `unknown signing key ${signed.key_id}: register its public key in the approvers file` };
  let valid = false;
  try {
    valid = verify(null, signingBytes(signed), key.publicKey, Buffer.from(signed.signature, 'base64'));
  } catch {
    valid = false;
  }
  if (!valid) return { refusal: `the signature does not match the decision (key ${signed.key_id} of ${key.name})` };
  if (signed.proposal_id !== expected.proposalId) return { refusal: `the signature is for proposal ${signed.proposal_id}, not ${expected.proposalId}` };
  if (signed.action !== expected.action) return { refusal: `the signature is for ${signed.action}, not ${expected.action}` };
  if (key.name !== signed.by && !key.signsFor.includes('*') && !key.signsFor.includes(signed.by)) {
    return { refusal: `key ${signed.key_id} belongs to ${key.name}, who may not sign for ${signed.by}` };
  }
  const issued = Date.parse(signed.issued_at);
  if (!Number.isFinite(issued)) return { refusal: `the signature's issued_at ${signed.issued_at} is not a time` };
  if (issued > nowMs + CLOCK_SKEW_MS) return { refusal: `the signature is issued in the future (${signed.issued_at})` };
  if (nowMs - issued > SIGNATURE_WINDOW_MS) {
    return { refusal: `the signature expired: issued at ${signed.issued_at}, accepted for ${SIGNATURE_WINDOW_MS / 60_000} minutes; sign again` };
  }
  return { verifiedBy: signed.by, keyId: signed.key_id, signer: key.name };
}
