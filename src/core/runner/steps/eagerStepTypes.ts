// Every built-in step type loaded at import time, from the family lists, for tests that check the
// families against the registry (steps/index.ts). Importing this module loads every client: code
// that needs all step types calls loadBuiltinStepTypes() instead.
import type { StepType } from '../../contracts/StepType.js';
import { localStepTypes } from './local/index.js';
import { dockerStepTypes } from './docker/index.js';
import { ansibleStepTypes } from './ansible/index.js';
import { kubernetesStepTypes } from './kubernetes/index.js';
import { helmStepTypes } from './helm/index.js';
import { scanStepTypes } from './scan/index.js';
import { gitStepTypes } from './git/index.js';

/** Every built-in step type, keyed by its `type:` value. */
export const BUILTIN_STEP_TYPES: ReadonlyMap<string, StepType> = new Map(
  [...localStepTypes, ...dockerStepTypes, ...ansibleStepTypes, ...kubernetesStepTypes, ...helmStepTypes, ...scanStepTypes, ...gitStepTypes].map((s) => [s.type, s]),
);
