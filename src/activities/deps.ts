/** What the activities need from the worker process: the database, the LLM settings, the policy and approvers files. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { ApproverEntry } from '../proposals/approver-keys.js';
import type { LlmSettings } from '../llm/settings.js';

export interface ActivityDeps {
  db: Kysely<Database>;
  llm: LlmSettings;
  /** The policy file; KRONOS_POLICY_FILE or config/policy.json when omitted. Read at each use, so edits apply without a restart. */
  policyPath?: string;
  /** The registered public keys of signed decisions; KRONOS_APPROVERS_FILE or config/approvers.json when omitted. */
  approversPath?: string;
  /** Keys the process registers beside the approvers file: the dev stack's API key for its tokens' identities. */
  extraApprovers?: ApproverEntry[];
}
