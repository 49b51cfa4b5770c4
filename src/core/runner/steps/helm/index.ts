import type { StepType } from '../../../contracts/StepType.js';

/** The `helm` family of step types; each lives in its own file in this folder. */
export const helmStepTypes: StepType[] = [];
