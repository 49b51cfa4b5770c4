export * from './result.js';
export * from './diagnostics.js';
export * from './events.js';
export * from './StepType.js';
