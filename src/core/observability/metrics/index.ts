// Public surface of the metrics readers.
export * from './quantities.js';
export * from './kubeMetrics.js';
export * from './dockerMetrics.js';
