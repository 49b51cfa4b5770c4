// "What runs if you run this step": a step's needs, transitively. Its own file (no parser behind it) so
// the graph webview bundles it too and the host and the view agree on what upstream means.
import type { GraphModel } from './graphModel.js';

/** Ids upstream of `id` (what runs if you run this step): its needs, transitively. */
export function upstreamOf(model: Pick<GraphModel, 'edges'>, id: string): string[] {
  const needs = new Map<string, string[]>();
  for (const e of model.edges) needs.set(e.to, [...(needs.get(e.to) ?? []), e.from]);
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
