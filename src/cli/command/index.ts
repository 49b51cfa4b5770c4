export { defineCommand, type CommandDefinition, type CommandInput } from './defineCommand.js';
export { failure, usageError, errorText, internalErrorText, type CliFailure } from './errorLines.js';
export { EXIT, COMMON_EXIT_CODES } from './exitCodes.js';
export type { ArgSpec, FormatSpec, OptionSpec, OptionSpecs } from './optionTypes.js';
