// Graph editor edits over a pipeline analysis (text in, minimal text edits out).
export { addNeed, removeNeed, addStep, deleteStep, duplicateStep, renameStep, freeStepId, stepBody, applyTextEdits, type GraphEditResult } from './graphEdits.js';
export { addJob, renameJob, deleteJob } from './jobEdits.js';
export { stepForm, COMMON_KEYS, type StepForm, type FormField, type FormFieldKind, type FormProblem } from './stepForm.js';
export { setStepKey, scalarText, type FormValue } from './stepKeys.js';
export { graphView, SentGraphViews, type GraphView, type GraphViewAnswer } from './graphView.js';
export { graphEdit, isGraphEditRequest, isGraphEditResult, type GraphEditRequest } from './graphEditRequest.js';
