// dockerode with ssh2, gRPC and protobufjs under it: dist/lazy/dockerode.js in the bundles.
export { default } from 'dockerode';
