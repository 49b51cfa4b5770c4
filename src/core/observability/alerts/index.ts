// Alert rules: settings parsing, per-rule evaluation, the dedupe/mute gate and the engine.
export * from './alertRules.js';
export * from './evaluate.js';
export * from './AlertGate.js';
export * from './AlertEngine.js';
export * from './alertWebhook.js';
export * from './alertShow.js';
