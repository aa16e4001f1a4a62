/** Every workflow the Kronos worker runs (the entry point of the workflow bundle). */
export { blackSwanSopReviewWorkflow } from './black-swan-review.js';
export { blackSwanWatchWorkflow } from './black-swan-watch.js';
export { metaAnalysisWorkflow } from './meta-analysis.js';
export { proposalApprovalWorkflow } from './proposal-approval.js';
