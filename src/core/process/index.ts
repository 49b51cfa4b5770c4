// Starting processes in core: one runner for every tool and step process.
export * from './types.js';
export { runProcess, defaultInstallHint } from './runProcess.js';
export { runToolCommand, processError, type ToolRunOptions } from './runToolCommand.js';
export { killProcessGroup } from './processGroup.js';
export { lineSplitter } from './lineSplitter.js';
