// The visual editor's graph model (pure, shared by the VS Code host and tests).
export { buildGraphModel, withStatuses, nodeAtOffset, upstreamOf, type GraphModel, type GraphNode, type GraphModelEdge, type GraphNodeStatus, type GraphGroup, type GraphGroupEdge } from './graphModel.js';
export { nodeStatuses, withPaused, type StepInstanceState } from './runStatuses.js';
export { graphModelToDot, graphModelToMermaid } from './renderText.js';
export { graphModelToJson, type GraphJson } from './renderJson.js';
export { criticalPath, durationsByStep, type CriticalPath, type StepDuration } from './criticalPath.js';
export { graphPatch, applyGraphPatch, type GraphPatch } from './graphPatch.js';
export { graphRanges, withGraphRanges } from './graphRanges.js';
