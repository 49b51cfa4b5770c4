// Builds what a step sees: its expression context, layered environment and working directory.
import { resolve } from 'node:path';
import type { StepContext } from '../contracts/StepType.js';
import type { Pipeline } from '../pipeline/model.js';
import type { StepInstance } from './planInstances.js';
import { interpolate, type ExpressionContext } from './pipelineApi.js';
import type { InterpreterOptions } from './runTypes.js';
import type { AttemptOutputFile } from './outputs/AttemptOutputFile.js';

/** Extra fields the runner puts on every StepContext beyond the contract. */
export interface RunnerStepExtras {
  interpreters?: InterpreterOptions;
  /** Evaluates `${{ }}` in text the step reads itself (templates, manifests). */
  interpolate(text: string): string;
  /** Aborted by a forced cancel (second Ctrl-C): executors kill at once, without a grace period. */
  forceSignal?: AbortSignal;
  /** The outputs set so far in this attempt (runner bookkeeping). */
  outputsSoFar(): Record<string, string>;
  /** The attempt's $ANSFLOW_OUTPUT file, for the executor that starts the step's process to create. */
  outputFile?: AttemptOutputFile;
}

/** A StepContext as the runner builds it; local step types may read the extras. */
export type RunnerStepContext = StepContext & RunnerStepExtras;

/** Names of matrix values in the environment: `MATRIX_<AXIS>` (upper-cased, non-alphanumerics as `_`). */
export function matrixEnvName(axis: string): string {
  return `MATRIX_${axis.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * The environment of one step: process (or `baseEnv`) < pipeline `env` < step `env` < matrix values,
 * each later layer's values interpolated with the expression context, whose `env` is the layers so
 * far plus `runnerEnv` (the runner's ANSFLOW_* variables, set over every layer in the process).
 */
export function layeredEnv(
  base: Record<string, string>,
  pipeline: Pipeline,
  inst: StepInstance,
  expr: ExpressionContext,
  runnerEnv: Record<string, string> = {},
): Record<string, string> {
  const env = evaluateEnvLayers(base, [pipeline.env, inst.step.env], expr, runnerEnv);
  for (const [k, v] of Object.entries(inst.matrix)) env[matrixEnvName(k)] = String(v);
  return env;
}

/**
 * `base` with each layer's values evaluated in order; an expression sees `env` as the layers so far
 * plus `runnerEnv` (not `base`). With `lenient`, a value that cannot be evaluated stays as written instead of throwing.
 */
export function evaluateEnvLayers(
  base: Record<string, string>,
  layers: Record<string, unknown>[],
  expr: ExpressionContext,
  runnerEnv: Record<string, string>,
  lenient = false,
): Record<string, string> {
  const env: Record<string, string> = { ...base };
  // What expressions see: the declared layers so far plus `runnerEnv`, never `base` (the host's own
  // variables may hold credentials). Built at the first value holding an expression, then kept in
  // step: most steps have none, and copying environments per step was a measurable share of a
  // trivial step (bench/README.md).
  const declared: Record<string, string> = {};
  let seen: Record<string, string> | undefined;
  let ctx: ExpressionContext | undefined;
  for (const layer of layers) {
    for (const [k, v] of Object.entries(layer)) {
      const text = String(v);
      let value = text;
      if (text.includes('${{')) {
        if (!seen) ctx = { ...expr, env: (seen = { ...declared, ...runnerEnv }) };
        try {
          value = interpolate(text, ctx!);
        } catch (e) {
          if (!lenient) throw e;
        }
      }
      env[k] = value;
      declared[k] = value;
      if (seen && !(k in runnerEnv)) seen[k] = value;
    }
  }
  return env;
}

/** Absolute working directory of a step (`workingDirectory`, else the pipeline default, else the workspace). */
export function stepCwd(workspace: string, pipeline: Pipeline, inst: StepInstance, expr: ExpressionContext): string {
  const wd = inst.step.workingDirectory ?? pipeline.defaults.workingDirectory;
  return wd ? resolve(workspace, interpolate(wd, expr)) : workspace;
}

/** Params with defaults applied and values coerced to their declared type. */
export function resolveParams(pipeline: Pipeline, given: Record<string, unknown>): { params: Record<string, unknown>; problems: string[] } {
  const params: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const spec of pipeline.params) {
    let v = given[spec.name] ?? spec.default;
    if (v === undefined) {
      if (spec.required) problems.push(`parameter '${spec.name}' is required (pass --param ${spec.name}=…)`);
      continue;
    }
    if (spec.type === 'number' && typeof v === 'string') {
      const n = Number(v);
      if (Number.isNaN(n)) problems.push(`parameter '${spec.name}' must be a number, got '${v}'`);
      else v = n;
    } else if (spec.type === 'boolean' && typeof v === 'string') {
      if (v !== 'true' && v !== 'false') problems.push(`parameter '${spec.name}' must be true or false, got '${v}'`);
      v = v === 'true';
    } else if (spec.type === 'choice' && spec.values && !spec.values.map(String).includes(String(v))) {
      problems.push(`parameter '${spec.name}' must be one of ${spec.values.join(', ')}, got '${String(v)}'`);
    }
    params[spec.name] = v;
  }
  for (const [k, v] of Object.entries(given)) if (!(k in params) && !pipeline.params.some((p) => p.name === k)) params[k] = v;
  return { params, problems };
}
