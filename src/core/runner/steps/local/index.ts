import type { StepType } from '../../../contracts/StepType.js';

/** The `local` family of step types; each lives in its own file in this folder. */
export const localStepTypes: StepType[] = [];
