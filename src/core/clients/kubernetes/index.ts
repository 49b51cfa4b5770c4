// Public surface of the Kubernetes client; other folders import from here only.
export * from './types.js';
export * from './KubeApiError.js';
export * from './loadKubeconfig.js';
export * from './resolveExecPlugins.js';
export * from './KubeClient.js';
export * from './resourceKinds.js';
export * from './resourceApi.js';
export * from './ResourceCache.js';
export * from './applyManifests.js';
export * from './rolloutStatus.js';
export * from './podStreams.js';
export * from './describeResource.js';
export * from './runJob.js';
export * from './accessReview.js';
export * from './fieldConflicts.js';
