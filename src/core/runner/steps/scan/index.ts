import type { StepType } from '../../../contracts/StepType.js';
import { scanStepType } from './scanStep.js';

/** The scan family: one step type. */
export const scanStepTypes: StepType[] = [scanStepType];
