// The language service never parses YAML pipelines itself: it calls the core's parsePipeline (parse +
// validate in one call), passed in as a function so features and adapters stay testable in isolation.
import type { ParsedPipeline } from '../core/pipeline/model.js';
import type { StepCache } from '../core/pipeline/parse/stepCache.js';
import { createAnalysis, type PipelineAnalysis } from './PipelineAnalysis.js';
import type { WorkspaceIndex } from './WorkspaceIndex.js';

/** The core's `parsePipeline(text, { file, readFile })` signature (src/core/pipeline/index.ts). */
export type ParsePipelineFn = (text: string, options?: { file?: string; readFile?: (absPath: string) => string | undefined; stepCache?: StepCache }) => ParsedPipeline;

/** Options for {@link analyzePipeline}. */
export interface AnalyzeOptions {
  /** Absolute path of the file, for includes, links and run history. */
  file?: string;
  workspace?: WorkspaceIndex;
  /** Steps of the document's previous parse, reused where unchanged (one cache per open document). */
  stepCache?: StepCache;
}

/** Parses and validates a pipeline text with the given core parser and wraps the result for the features. */
export function analyzePipeline(parse: ParsePipelineFn, text: string, options: AnalyzeOptions = {}): PipelineAnalysis {
  const readFile = options.workspace?.readFile?.bind(options.workspace);
  const parsed = parse(text, { file: options.file, readFile, ...(options.stepCache ? { stepCache: options.stepCache } : {}) });
  return createAnalysis(parsed, options.file);
}
