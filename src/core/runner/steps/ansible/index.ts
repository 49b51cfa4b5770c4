import type { StepType } from '../../../contracts/StepType.js';

/** The `ansible` family of step types; each lives in its own file in this folder. */
export const ansibleStepTypes: StepType[] = [];
