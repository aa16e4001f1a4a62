/**
 * Reads one of Kronos' JSON settings files (the policy, the approvers' keys), failing with a one-line
 * ConfigError that names the file and what is wrong with it.
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../config.js';

/**
 * The parsed JSON document of the file at `path`; `label` names it in errors ("policy file").
 *
 * @example
 * const document = readConfigFile('config/policy.json', 'policy file');
 */
export function readConfigFile(path: string, label: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new ConfigError(`cannot read ${label} ${path}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${label} ${path} is not valid JSON: ${(err as Error).message}`);
  }
}
