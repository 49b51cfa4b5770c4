import type { StepType } from '../../../contracts/StepType.js';
import { dockerBuildStep } from './dockerBuildStep.js';
import { dockerPushStep } from './dockerPushStep.js';
import { dockerRunStep } from './dockerRunStep.js';

/** The `docker` family of step types; each lives in its own file in this folder. */
export const dockerStepTypes: StepType[] = [dockerBuildStep, dockerRunStep, dockerPushStep];
