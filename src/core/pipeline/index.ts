// Public surface of the pipeline core: parse + validate, graph, matrix expansion, schema, expressions.
export * from './model.js';
export { parsePipeline, type ParsePipelineOptions } from './parsePipeline.js';
export { StepCache } from './parse/stepCache.js';
export { buildGraph, type PipelineGraph, type GraphEdge } from './graph/buildGraph.js';
export { expandMatrix, instanceKey, type StepInstance } from './graph/expandMatrix.js';
export { findCycles } from './graph/findCycles.js';
export { selectTargets } from './graph/selectTargets.js';
export { loadSchema, knownStepTypes, stepParameters, stepWithSchema } from './schema/loadSchema.js';
export { parseDuration } from './parse/durations.js';
export { readPipelineFile, decodePipelineBytes, maxPipelineBytes, parseByteSize, DEFAULT_MAX_PIPELINE_BYTES, type ReadPipelineFileResult } from './readPipelineFile.js';
export { DEFAULT_INPUT_LIMITS, type InputLimits } from './parse/inputLimits.js';
export { DEFAULT_MAX_ALIAS_EXPANSION } from './parse/aliasBudget.js';
export { closestName } from './validate/closestName.js';
export { isPipelineFile, PIPELINE_FILE_EXTENSIONS, PIPELINE_FILENAME_PATTERNS, PIPELINE_GLOB, PIPELINE_GLOBS, PIPELINE_SEARCH_EXCLUDE_GLOB, RUN_STORE_GLOB } from './pipelineFiles.js';
export { transitiveNeeds } from './validate/validateExpressions.js';
export * from './expressions/index.js';

export { LineIndex, type LineColumn } from './lineIndex.js';
