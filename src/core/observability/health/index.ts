// Public surface of the cluster health summary.
export * from './clusterHealth.js';
