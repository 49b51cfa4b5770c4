// `ansflow graph --format json`: the graph editor's model as plain JSON, so the CLI's JSON, dot and
// Mermaid and the editor all show one graph. Text offsets and diagnostics texts stay out (they only make
// sense next to the editor's buffer); the field names are the ones the CLI printed before the model existed.
import type { GraphModel } from './graphModel.js';
import { needsByStep } from './upstream.js';

export interface GraphJson {
  name?: string;
  nodes: Array<{
    id: string;
    name: string;
    type: string | null;
    finally: boolean;
    needs: string[];
    layer: number;
    order: number;
    instances?: string[];
    uses?: string;
    errors: number;
    warnings: number;
  }>;
  edges: Array<{ from: string; to: string }>;
  layers: string[][];
  cycles: string[][];
}

export function graphModelToJson(model: GraphModel): GraphJson {
  const needs = needsByStep(model.edges);
  return {
    ...(model.name ? { name: model.name } : {}),
    nodes: model.nodes.map((n) => ({
      id: n.id,
      name: n.name,
      type: n.type,
      finally: n.section === 'finally',
      needs: needs.get(n.id) ?? [],
      layer: n.layer,
      order: n.order,
      ...(n.matrix ? { instances: n.matrix.instances } : {}),
      ...(n.origin ? { uses: n.origin.template } : {}),
      errors: n.errors,
      warnings: n.warnings,
    })),
    edges: model.edges.map((e) => ({ from: e.from, to: e.to })),
    layers: model.layers,
    cycles: model.cycles,
  };
}
