// The built-in step types, each module loaded the first time a step of its type runs: a run of
// shell steps never loads the Kubernetes or Docker clients (tens of MiB of the runner's memory).
// Adding a step type is one line in STEP_TYPE_MODULES, e.g.
//   scan: () => import('./scan/scanStep.js').then((m) => m.scanStepType),
import type { StepType } from '../../contracts/StepType.js';

const STEP_TYPE_MODULES: Readonly<Record<string, () => Promise<StepType>>> = {
  shell: () => import('./local/shell.js').then((m) => m.shellStepType),
  python: () => import('./local/python.js').then((m) => m.pythonStepType),
  node: () => import('./local/node.js').then((m) => m.nodeStepType),
  file: () => import('./local/file.js').then((m) => m.fileStepType),
  approval: () => import('./local/approval.js').then((m) => m.approvalStepType),
  notify: () => import('./local/notify.js').then((m) => m.notifyStepType),
  'docker.build': () => import('./docker/dockerBuildStep.js').then((m) => m.dockerBuildStep),
  'docker.run': () => import('./docker/dockerRunStep.js').then((m) => m.dockerRunStep),
  'docker.push': () => import('./docker/dockerPushStep.js').then((m) => m.dockerPushStep),
  'ansible.playbook': () => import('./ansible/ansiblePlaybookStep.js').then((m) => m.ansiblePlaybookStep),
  'ansible.adhoc': () => import('./ansible/ansibleAdhocStep.js').then((m) => m.ansibleAdhocStep),
  'kubernetes.apply': () => import('./kubernetes/applyStep.js').then((m) => m.applyStep),
  'kubernetes.rollout': () => import('./kubernetes/rolloutStep.js').then((m) => m.rolloutStep),
  'kubernetes.delete': () => import('./kubernetes/deleteStep.js').then((m) => m.deleteStep),
  'kubernetes.job': () => import('./kubernetes/jobStep.js').then((m) => m.jobStep),
  'helm.install': () => import('./helm/installStep.js').then((m) => m.helmInstallStep),
  'helm.upgrade': () => import('./helm/upgradeStep.js').then((m) => m.helmUpgradeStep),
  'helm.rollback': () => import('./helm/rollbackStep.js').then((m) => m.helmRollbackStep),
  'helm.uninstall': () => import('./helm/uninstallStep.js').then((m) => m.helmUninstallStep),
  scan: () => import('./scan/scanStep.js').then((m) => m.scanStepType),
  'git.checkout': () => import('./git/checkoutStep.js').then((m) => m.gitCheckoutStep),
  placeholder: () => import('./local/placeholder.js').then((m) => m.placeholderStepType),
};

/** The `type:` values of every built-in step type. */
export const BUILTIN_STEP_TYPE_NAMES: readonly string[] = Object.keys(STEP_TYPE_MODULES);

const loaded = new Map<string, Promise<StepType>>();
/** The types whose module has loaded, for callers that should not wait a tick for them again. */
const ready = new Map<string, StepType>();

/** The built-in step type named `type` (its module loaded once), or undefined when there is none. */
export function loadStepType(type: string): Promise<StepType | undefined> {
  if (!Object.hasOwn(STEP_TYPE_MODULES, type)) return Promise.resolve(undefined);
  let p = loaded.get(type);
  if (!p) {
    p = STEP_TYPE_MODULES[type]!();
    // A failed load (a broken install) is retried by the next step rather than remembered.
    p.then(
      (t) => ready.set(type, t),
      () => loaded.delete(type),
    );
    loaded.set(type, p);
  }
  return p;
}

/** The built-in step type named `type` when its module has already loaded, else undefined (then use {@link loadStepType}). */
export function loadedStepType(type: string): StepType | undefined {
  return ready.get(type);
}

/** Every built-in step type, loaded (for plans and tools that need them all). */
export async function loadBuiltinStepTypes(): Promise<ReadonlyMap<string, StepType>> {
  const types = await Promise.all(BUILTIN_STEP_TYPE_NAMES.map((t) => loadStepType(t)));
  return new Map(types.map((t, i) => [BUILTIN_STEP_TYPE_NAMES[i]!, t!]));
}
