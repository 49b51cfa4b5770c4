import type { StepType } from '../../../contracts/StepType.js';
import { gitCheckoutStep } from './checkoutStep.js';

/** The `git` family of step types; each lives in its own file in this folder. */
export const gitStepTypes: StepType[] = [gitCheckoutStep];
