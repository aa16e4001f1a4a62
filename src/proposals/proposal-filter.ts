/** Which proposals a listing shows; every field given (and not empty) narrows it, an empty filter matches all. */
import type { ProposalStatus } from './statuses.js';
import type { TargetType } from './target-types.js';

export interface ProposalFilter {
  /** One status, or any of several. */
  status?: ProposalStatus | readonly ProposalStatus[];
  targetType?: TargetType;
  targetId?: string;
  kind?: string;
  analysisRunId?: string;
  /** Text to find (case-insensitive) in the proposal id, target type, target id or kind. */
  text?: string;
}
