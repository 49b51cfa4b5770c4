// What the graph editor shows of one text version: the graph model, the syntax error that keeps the last
// good graph on screen, and the side form of the step it inspects. Computed where the analysis lives (the
// language worker, off the extension host's thread), so a keystroke beside an open graph costs the host
// only the answer, not a parse.
import type { Diagnostic } from '../../core/contracts/diagnostics.js';
import { buildGraphModel, type GraphModel } from '../../core/graph/index.js';
import type { PipelineAnalysis } from '../PipelineAnalysis.js';
import type { SchemaNavigator } from '../SchemaNavigator.js';
import { stepForm, type StepForm } from './stepForm.js';

export interface GraphView {
  graph: GraphModel;
  /** The YAML syntax error of this text: the editor keeps its last good graph and shows this. */
  syntax?: { message: string; start: number };
  /** The inspected step's form; absent when none was asked for or the step is gone. */
  form?: StepForm;
}

/**
 * The view of `analysis`. `diagnostics` are the editor's for the document (every provider's), as offsets;
 * when there are none the analysis's own are used, as when the Problems panel has not caught up yet.
 */
export function graphView(analysis: PipelineAnalysis, nav: SchemaNavigator, diagnostics: readonly Diagnostic[], inspected?: string): GraphView {
  const parsed = analysis.parsed;
  const shown = diagnostics.length ? diagnostics : parsed.diagnostics;
  const syntax = parsed.diagnostics.find((d) => d.code === 'yaml-syntax' || d.code === 'multi-document');
  if (syntax) return { graph: buildGraphModel(parsed), syntax: { message: syntax.message, start: syntax.range.start } };
  const form = inspected !== undefined ? stepForm(analysis, nav, inspected, shown) : undefined;
  return { graph: buildGraphModel(parsed, shown), ...(form ? { form } : {}) };
}
