import type { StepType } from '../../../contracts/StepType.js';

/** The `kubernetes` family of step types; each lives in its own file in this folder. */
export const kubernetesStepTypes: StepType[] = [];
