// Public surface of the runner: run a parsed pipeline, plan it, read its history.
export { DagRunner, runPipeline, newRunId } from './DagRunner.js';
export type { RunOptions, RunHandle, RunSummary, StepSummary, InterpreterOptions } from './runTypes.js';
export { planInstances, type StepInstance } from './planInstances.js';
export { planPipeline, type PlannedStep } from './planPipeline.js';
export { SecretMasker, MASK } from './masking/SecretMasker.js';
export { subscribeQueued, type QueuedSubscription, type QueuedConsumerOptions } from './events/QueuedConsumer.js';
export type { Disposable, Event } from './events/Emitter.js';
export { RunStore, type RunStoreOptions } from './store/RunStore.js';
export { RunHistory, type StepDurationStats, type TrendPoint, type FlakyStep } from './store/RunHistory.js';
export type { RunRecord, RunListItem, StepRecord, AttemptRecord } from './store/runRecord.js';
export { EnvFileSecretProvider, StaticSecretProvider, type SecretProvider } from './secrets/SecretProvider.js';
export { PresetApprover, type Approver, type ApprovalRequest, type ApprovalDecision } from './approvals/Approver.js';
export { approvalStepIds, unknownApprovals } from './approvals/approvalSteps.js';
export { resolveParams } from './stepContext.js';
export { latestRunOf, rerunProblems } from './rerun.js';
export { createExecutor, availableExecutorKinds, LocalExecutor, type ExecutorFactory } from './executors/index.js';
export { BUILTIN_STEP_TYPE_NAMES, loadBuiltinStepTypes, loadStepType } from './steps/index.js';
export { parseOutputFile } from './outputs/parseOutputFile.js';
