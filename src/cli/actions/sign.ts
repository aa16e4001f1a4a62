/** `kronos sign`: the signed decision as one line of JSON. */
import { ConfigError, loadEnv } from '../../config.js';
import { signDecision, type SignedAction } from '../../proposals/signed-decision.js';
import { keysDir, signingKeyOf } from '../../proposals/signing-keys.js';

export interface SignOptions {
  by: string;
  reason: string;
}

export function printSignedDecision(action: SignedAction, proposalId: string, opts: SignOptions): void {
  const dir = keysDir(loadEnv());
  const key = signingKeyOf(dir, opts.by);
  if (!key) throw new ConfigError(`no signing key of ${opts.by} in ${dir}: create one with \`kronos keys create --as ${opts.by}\` and register it`);
  console.log(JSON.stringify(signDecision({ proposal_id: proposalId, action, by: opts.by, reason: opts.reason }, key)));
}
