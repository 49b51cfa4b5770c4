// The outline: top-level sections, with params, steps (and their type), jobs (with their steps) and
// finally steps as children.
import { isMap, isScalar, type Node, type Pair } from 'yaml';
import type { TextRange } from '../core/contracts/diagnostics.js';
import type { Step } from '../core/pipeline/model.js';
import type { PipelineAnalysis } from './PipelineAnalysis.js';

/** The kind of outline entry; the adapter maps it to an icon. */
export type OutlineKind = 'section' | 'step' | 'param' | 'template' | 'secret' | 'property';

/** One outline entry. `selection` is the name; `range` the whole entry. */
export interface OutlineSymbol {
  name: string;
  detail?: string;
  kind: OutlineKind;
  range: TextRange;
  selection: TextRange;
  children: OutlineSymbol[];
}

function stepSymbol(s: Step): OutlineSymbol {
  const needs = s.needs.length ? ` ← ${s.needs.map((n) => n.value).join(', ')}` : '';
  return { name: s.id, detail: `${s.type ?? s.uses?.value ?? '?'}${needs}`, kind: 'step', range: s.range, selection: s.idRange, children: [] };
}

/** The outline of a pipeline, in source order. */
export function documentSymbols(analysis: PipelineAnalysis): OutlineSymbol[] {
  const doc = analysis.parsed.document;
  if (!doc || !isMap(doc.contents)) return [];
  const p = analysis.parsed.pipeline;
  const out: OutlineSymbol[] = [];
  for (const pair of doc.contents.items as Array<Pair<Node, Node>>) {
    if (!isScalar(pair.key) || !pair.key.range) continue;
    const name = String(pair.key.value);
    const end = pair.value?.range ? pair.value.range[1] : pair.key.range[1];
    const range = { start: pair.key.range[0], end };
    const selection = { start: pair.key.range[0], end: pair.key.range[1] };
    const sym: OutlineSymbol = { name, kind: 'section', range, selection, children: [] };
    if (name === 'steps') sym.children = p.steps.filter((s) => !s.origin?.file && s.job === undefined).map(stepSymbol);
    else if (name === 'jobs') {
      const byId = new Map(p.steps.map((s) => [s.id, s]));
      sym.children = (p.jobs ?? []).map((j) => ({ name: j.name, detail: `${j.steps.length} step(s)${j.matrix ? ', matrix' : ''}`, kind: 'section', range: j.range, selection: j.nameRange, children: j.steps.map((id) => byId.get(id)).filter((s): s is Step => !!s).map(stepSymbol) }));
    }
    else if (name === 'finally') sym.children = p.finally.filter((s) => !s.origin?.file).map(stepSymbol);
    else if (name === 'params') sym.children = p.params.map((x) => ({ name: x.name, detail: x.type, kind: 'param', range: x.range, selection: x.nameRange, children: [] }));
    else if (name === 'secrets') sym.children = p.secrets.map((x) => ({ name: x.name, detail: x.source.kind, kind: 'secret', range: x.range, selection: x.nameRange, children: [] }));
    else if (name === 'templates') sym.children = p.templates.filter((t) => !t.file).map((t) => ({ name: t.name, detail: t.type, kind: 'template', range: t.range, selection: t.nameRange, children: [] }));
    else {
      sym.kind = 'property';
      if (isScalar(pair.value)) sym.detail = String(pair.value.value);
    }
    out.push(sym);
  }
  return out;
}
