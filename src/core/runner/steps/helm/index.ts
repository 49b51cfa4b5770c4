import type { StepType } from '../../../contracts/StepType.js';
import { helmInstallStep } from './installStep.js';
import { helmRollbackStep } from './rollbackStep.js';
import { helmUninstallStep } from './uninstallStep.js';
import { helmUpgradeStep } from './upgradeStep.js';

/** The `helm` family of step types; each lives in its own file in this folder. */
export const helmStepTypes: StepType[] = [helmInstallStep, helmUpgradeStep, helmRollbackStep, helmUninstallStep];
