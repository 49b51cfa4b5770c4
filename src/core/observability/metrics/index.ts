// Public surface of the metrics readers.
export * from './quantities.js';
export * from './kubeMetrics.js';
export * from './dockerMetrics.js';
export * from './usageHistory.js';
export * from './resourceRows.js';
export * from './resourcesTarget.js';
export * from './ResourcesModel.js';
export * from './resourcesTargetOf.js';
export * from './TreeUsage.js';
