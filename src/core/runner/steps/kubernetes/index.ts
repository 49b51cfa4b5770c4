import type { StepType } from '../../../contracts/StepType.js';
import { applyStep } from './applyStep.js';
import { deleteStep } from './deleteStep.js';
import { jobStep } from './jobStep.js';
import { rolloutStep } from './rolloutStep.js';

/** The `kubernetes` family of step types; each lives in its own file in this folder. */
export const kubernetesStepTypes: StepType[] = [applyStep, rolloutStep, deleteStep, jobStep];
