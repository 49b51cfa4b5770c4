// What the graph editor shows of one text version: the graph model, the syntax error that keeps the last
// good graph on screen, and the side form of the step it inspects. Computed where the analysis lives (the
// language worker, off the extension host's thread), so a keystroke beside an open graph costs the host
// only the answer, not a parse.
import type { Diagnostic } from '../../core/contracts/diagnostics.js';
import { buildGraphModel, graphPatch, graphRanges, type GraphModel, type GraphPatch } from '../../core/graph/index.js';
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

/**
 * A view as sent to one graph editor: whole, or as the patch from the view it was sent before (`base`, the
 * `id` of that answer) with the new model's ranges, which patches leave out. `id` names this answer.
 */
export type GraphViewAnswer = Omit<GraphView, 'graph'> & { id: number } & ({ graph: GraphModel; patch?: undefined } | { graph?: undefined; patch: { base: number; patch: GraphPatch; ranges: Int32Array } });

/**
 * The last model sent to each graph editor (by the key the editor gives), so the next answer can be a patch
 * of it: a keystroke in a 2,000-step file then sends a few nodes instead of the whole model across the thread.
 */
export class SentGraphViews {
  private readonly sent = new Map<string, { uri: string; id: number; graph: GraphModel }>();
  // From a random start: a restarted worker (or the host's fallback service) must not hand out an id an editor
  // still holds from the one before, or its patch would be applied to another model.
  private nextId = 1 + Math.floor(Math.random() * 2 ** 30);

  /**
   * `max`: editors remembered (a closed editor says nothing, so this bounds what it leaves behind); the least
   * recently asked is forgotten first, and is then sent whole.
   */
  constructor(private readonly max = 4) {}

  /** The answer for `view` to editor `key`, which holds the answer `base` (if any) of this document. */
  answer(uri: string, key: string, base: number | undefined, view: GraphView): GraphViewAnswer {
    const id = this.nextId++;
    const last = this.sent.get(key);
    this.sent.delete(key);
    this.sent.set(key, { uri, id, graph: view.graph });
    if (this.sent.size > this.max) this.sent.delete(this.sent.keys().next().value!);
    const patch = !view.syntax && base !== undefined && last?.id === base && last.uri === uri ? graphPatch(last.graph, view.graph) : undefined;
    if (!patch || base === undefined) return { ...view, id };
    const { graph, ...rest } = view;
    return { ...rest, id, patch: { base, patch, ranges: graphRanges(graph) } };
  }

  /** Forgets what was sent for a closed document. */
  forget(uri: string): void {
    for (const [key, v] of [...this.sent]) if (v.uri === uri) this.sent.delete(key);
  }
}

