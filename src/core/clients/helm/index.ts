// Public surface of the Helm client.
export * from './decodeRelease.js';
export * from './HelmReleaseReader.js';
export * from './helmCommands.js';
export * from './findHelm.js';
export * from './runToolCommand.js';
export * from './diffRevisions.js';
