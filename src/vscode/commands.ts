// Every command id lives here, with the `ansflow.` prefix applied in one place.
export const COMMAND_PREFIX = 'ansflow';

export const Commands = {
  showInfo: 'showInfo',
  newPipeline: 'newPipeline',
  validatePipeline: 'validatePipeline',
  runPipeline: 'runPipeline',
  planPipeline: 'planPipeline',
  runStep: 'runStep',
  runFromStep: 'runFromStep',
  rerun: 'rerun',
  rerunFailed: 'rerunFailed',
  cancelRun: 'cancelRun',
  showRunLog: 'showRunLog',
  openArtifact: 'openArtifact',
  revealArtifact: 'revealArtifact',
  saveArtifactAs: 'saveArtifactAs',
  selectParams: 'selectParams',
  setSecret: 'setSecret',
  clearSecret: 'clearSecret',
  deleteRun: 'deleteRun',
  showDashboard: 'showDashboard',
  refreshPipelines: 'refreshPipelines',
  refreshRuns: 'refreshRuns',
  getRunState: 'getRunState',
  refreshClusters: 'refreshClusters',
  selectKubeContext: 'selectKubeContext',
  selectKubeNamespace: 'selectKubeNamespace',
  filterKubeNamespaces: 'filterKubeNamespaces',
  kubeDescribe: 'kubeDescribe',
  kubeOpenYaml: 'kubeOpenYaml',
  kubeEditYaml: 'kubeEditYaml',
  kubeApplyFile: 'kubeApplyFile',
  kubeCopyName: 'kubeCopyName',
  kubeDelete: 'kubeDelete',
  kubeScale: 'kubeScale',
  kubeRolloutRestart: 'kubeRolloutRestart',
  kubeRolloutUndo: 'kubeRolloutUndo',
  kubeLogs: 'kubeLogs',
  kubeLogsPrevious: 'kubeLogsPrevious',
  kubeExec: 'kubeExec',
  kubePortForward: 'kubePortForward',
  kubeStopPortForward: 'kubeStopPortForward',
} as const;

export type CommandName = keyof typeof Commands;

export function commandId(name: CommandName): string {
  return `${COMMAND_PREFIX}.${Commands[name]}`;
}
