// Graph editor edits over a pipeline analysis (text in, minimal text edits out).
export { addNeed, removeNeed, addStep, deleteStep, duplicateStep, renameStep, freeStepId, stepBody, applyTextEdits, type GraphEditResult } from './graphEdits.js';
export { addJob, renameJob, deleteJob } from './jobEdits.js';
