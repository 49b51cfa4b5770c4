// The merged log view's engine: sources, merge, ring buffer, filters. No editor code here.
export * from './logLine.js';
export * from './logSource.js';
export * from './logTimestamp.js';
export * from './detectLevel.js';
export * from './lineFilter.js';
export * from './LogRing.js';
export * from './LogMerger.js';
export * from './reconnectingLines.js';
export * from './sources/splitChunks.js';
export * from './sources/dockerContainerSource.js';
export * from './sources/kubePodSources.js';
export * from './sources/runStepSources.js';
export * from './LogFeed.js';
export * from './exportLines.js';
export * from './mergedLogTarget.js';
