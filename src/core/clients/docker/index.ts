// Public surface of the Docker client: connection resolution, the client, builds, transfers, streams.
export * from './dockerConnection.js';
export * from './DockerClient.js';
export * from './dockerBuild.js';
export * from './dockerTransfer.js';
export * from './dockerStreams.js';
export * from './buildContext.js';
export * from './dockerfileLines.js';
export * from './registryAuth.js';
export * from './containerStats.js';
export * from './dockerErrors.js';
export * from './portSpec.js';
export * from './dockerContexts.js';
