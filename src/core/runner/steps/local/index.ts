import type { StepType } from '../../../contracts/StepType.js';
import { shellStepType } from './shell.js';
import { pythonStepType } from './python.js';
import { nodeStepType } from './node.js';
import { fileStepType } from './file.js';
import { approvalStepType } from './approval.js';
import { notifyStepType } from './notify.js';
import { placeholderStepType } from './placeholder.js';

/** The `local` family of step types; each lives in its own file in this folder. */
export const localStepTypes: StepType[] = [shellStepType, pythonStepType, nodeStepType, fileStepType, approvalStepType, notifyStepType, placeholderStepType];
