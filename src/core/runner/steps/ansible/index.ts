import type { StepType } from '../../../contracts/StepType.js';
import { ansibleAdhocStep } from './ansibleAdhocStep.js';
import { ansiblePlaybookStep } from './ansiblePlaybookStep.js';

/** The `ansible` family of step types; each lives in its own file in this folder. */
export const ansibleStepTypes: StepType[] = [ansiblePlaybookStep, ansibleAdhocStep];
