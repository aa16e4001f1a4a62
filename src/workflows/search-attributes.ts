/**
 * The custom search attributes of the approval workflow, so that the Temporal UI can list what waits
 * (`ProposalStatus="PENDING"`). The dev server registers them at start; production clusters need
 * `temporal operator search-attribute create` once (see README).
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const ProposalStatusKey = defineSearchAttributeKey('ProposalStatus', SearchAttributeType.KEYWORD);
export const TargetTypeKey = defineSearchAttributeKey('TargetType', SearchAttributeType.KEYWORD);
export const TargetIdKey = defineSearchAttributeKey('TargetId', SearchAttributeType.KEYWORD);
export const ConfidenceKey = defineSearchAttributeKey('Confidence', SearchAttributeType.DOUBLE);

export const KRONOS_SEARCH_ATTRIBUTES = [ProposalStatusKey, TargetTypeKey, TargetIdKey, ConfidenceKey] as const;
