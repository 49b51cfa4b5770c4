// Every built-in step type loaded at import time, for callers that still need them synchronously
// (`ansflow plan`). Importing this module loads every client; the runner itself loads step types
// on first use (steps/index.ts). Prefer loadBuiltinStepTypes().
import type { StepType } from '../../contracts/StepType.js';
import { localStepTypes } from './local/index.js';
import { dockerStepTypes } from './docker/index.js';
import { ansibleStepTypes } from './ansible/index.js';
import { kubernetesStepTypes } from './kubernetes/index.js';
import { helmStepTypes } from './helm/index.js';

/** Every built-in step type, keyed by its `type:` value. */
export const BUILTIN_STEP_TYPES: ReadonlyMap<string, StepType> = new Map(
  [...localStepTypes, ...dockerStepTypes, ...ansibleStepTypes, ...kubernetesStepTypes, ...helmStepTypes].map((s) => [s.type, s]),
);
