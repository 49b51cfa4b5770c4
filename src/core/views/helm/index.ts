// Public surface of the Helm Releases tree model.
export * from './helmTreeNodes.js';
export * from './helmTreeItems.js';
export * from './HelmStorageWatch.js';
export * from './HelmReleasesModel.js';
export * from './helmDocuments.js';
export * from './helmActions.js';
