// A model's needs by step, and "what runs if you run this step" (its needs, transitively). Its own file (no
// parser behind it) so the graph webview bundles it too and the host and the view agree on what upstream means.
import type { GraphModel, GraphModelEdge } from './graphModel.js';

/** Each step's direct needs (step id → the ids it needs, in edge order); steps without needs are absent. */
export function needsByStep(edges: Iterable<Pick<GraphModelEdge, 'from' | 'to'>>): Map<string, string[]> {
  const needs = new Map<string, string[]>();
  for (const e of edges) {
    const list = needs.get(e.to);
    if (list) list.push(e.from);
    else needs.set(e.to, [e.from]);
  }
  return needs;
}

/** Ids upstream of `id` (what runs if you run this step): its needs, transitively. */
export function upstreamOf(model: Pick<GraphModel, 'edges'>, id: string): string[] {
  const needs = needsByStep(model.edges);
  const out = new Set<string>();
  const stack = [...(needs.get(id) ?? [])];
  while (stack.length) {
    const cur = stack.pop()!;
    if (out.has(cur)) continue;
    out.add(cur);
    stack.push(...(needs.get(cur) ?? []));
  }
  return [...out];
}
