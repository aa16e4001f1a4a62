/** `kronos keys create`: writes the private key, prints the public key and its approvers-file entry. */
import { loadEnv } from '../../config.js';
import { publicKeyText } from '../../proposals/signed-decision.js';
import { createSigningKey, keysDir } from '../../proposals/signing-keys.js';

export interface KeyCreateOptions {
  as: string;
  signsFor?: string;
}

export function createKey(opts: KeyCreateOptions): void {
  const { file, publicKey } = createSigningKey(keysDir(loadEnv()), opts.as);
  const signsFor =
    opts.signsFor
      ?.split(',')
      .map((name) => name.trim())
      .filter(Boolean) ?? [];
  const entry = { name: opts.as, public_key: publicKeyText(publicKey), ...(signsFor.length > 0 ? { signs_for: signsFor } : {}) };
  console.log(`private key of ${opts.as}: ${file} (mode 0600; it stays with you)`);
  console.log(`public key: ${entry.public_key}`);
  console.log('register it: add this entry to "keys" in config/approvers.json (or the file KRONOS_APPROVERS_FILE names):');
  console.log(JSON.stringify(entry));
}
