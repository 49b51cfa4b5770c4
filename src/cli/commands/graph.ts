// `ansflow graph <file> [--format json|dot|mermaid]`: the step DAG (layers, matrix instances, cycles).
import { resolve } from 'node:path';
import type { CliCommand } from '../CliCommand.js';
import { buildGraph, expandMatrix, type PipelineGraph } from '../../core/pipeline/index.js';
import { parseCliPipeline, readCliPipelineText } from '../support/loadPipelineFile.js';
import { toCliResult } from './validate.js';

type Format = 'json' | 'dot' | 'mermaid';

/** The graph as plain JSON: nodes with type and matrix instances, edges, layers, cycles. */
export function graphToJson(g: PipelineGraph): object {
  return {
    nodes: g.nodes.map(({ id, step }) => ({
      id,
      name: step.name ?? id,
      type: step.type ?? null,
      finally: step.isFinally,
      needs: step.needs.map((n) => n.value),
      ...(step.matrix ? { instances: expandMatrix(step).map((i) => i.key) } : {}),
      ...(step.uses ? { uses: step.uses.value } : {}),
    })),
    edges: g.edges.map((e) => ({ from: e.from, to: e.to })),
    layers: g.layers,
    cycles: g.cycles,
  };
}

function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Graphviz dot text; finally steps dashed, cycle edges red. */
export function graphToDot(g: PipelineGraph, name = 'pipeline'): string {
  const onCycle = new Set(g.cycles.flatMap((c) => c.map((id, i) => `${c[(i + 1) % c.length]}->${id}`)));
  const lines = [`digraph ${quote(name)} {`, '  rankdir=LR;', '  node [shape=box, style=rounded];'];
  for (const { id, step } of g.nodes) {
    const label = `${step.name ?? id}\\n${step.type ?? step.uses?.value ?? '?'}${step.matrix ? ` ×${expandMatrix(step).length}` : ''}`;
    lines.push(`  ${quote(id)} [label="${label.replace(/"/g, '\\"')}"${step.isFinally ? ', style="rounded,dashed"' : ''}];`);
  }
  for (const e of g.edges) lines.push(`  ${quote(e.from)} -> ${quote(e.to)}${onCycle.has(`${e.from}->${e.to}`) ? ' [color=red]' : ''};`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** Mermaid flowchart text (ids sanitised; labels keep the real ids). */
export function graphToMermaid(g: PipelineGraph): string {
  const safe = (id: string) => `s_${id.replace(/[^A-Za-z0-9_]/g, '_')}`;
  const lines = ['flowchart LR'];
  for (const { id, step } of g.nodes) {
    const label = `${step.name ?? id}<br/><small>${step.type ?? step.uses?.value ?? '?'}${step.matrix ? ` ×${expandMatrix(step).length}` : ''}</small>`.replace(/"/g, '#quot;');
    lines.push(step.isFinally ? `  ${safe(id)}(["${label}"])` : `  ${safe(id)}["${label}"]`);
  }
  for (const e of g.edges) lines.push(`  ${safe(e.from)} --> ${safe(e.to)}`);
  return `${lines.join('\n')}\n`;
}

/** The `graph` subcommand. */
export const graphCommand: CliCommand = {
  name: 'graph',
  summary: 'Print the step graph of a pipeline as JSON, Graphviz dot or Mermaid',
  usage: 'ansflow graph <file> [--format json|dot|mermaid]',
  async run(argv, io) {
    let format: Format = 'json';
    const files: string[] = [];
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]!;
      const v = a === '--format' || a === '-f' ? argv[++i] : a.startsWith('--format=') ? a.slice(9) : undefined;
      if (v !== undefined || a === '--format' || a === '-f') {
        if (v !== 'json' && v !== 'dot' && v !== 'mermaid') {
          io.stderr.write(`ansflow graph: --format takes json, dot or mermaid, got '${v ?? ''}'\n`);
          return 2;
        }
        format = v;
      } else if (a.startsWith('-')) {
        io.stderr.write(`ansflow graph: unknown option '${a}'\nUsage: ${this.usage}\n`);
        return 2;
      } else files.push(a);
    }
    if (files.length !== 1) {
      io.stderr.write(`ansflow graph: expected one file\nUsage: ${this.usage}\n`);
      return 2;
    }
    const abs = resolve(io.cwd, files[0]!);
    const read = readCliPipelineText(files[0]!, io);
    if ('error' in read) {
      io.stderr.write(`ansflow graph: ${files[0]}: ${read.error}\n`);
      return read.code === 'not-found' ? 1 : 2;
    }
    const text = read.text;
    const parsed = parseCliPipeline(abs, read, io);
    const graph = buildGraph(parsed.pipeline);
    const out = format === 'json' ? `${JSON.stringify(graphToJson(graph), null, 2)}\n` : format === 'dot' ? graphToDot(graph, parsed.pipeline.name) : graphToMermaid(graph);
    io.stdout.write(out);
    // Problems go to stderr so the graph text stays pipeable into dot/mermaid tools.
    const errors = toCliResult(files[0]!, text, parsed.diagnostics).diagnostics.filter((d) => d.severity === 'error');
    for (const d of errors) io.stderr.write(`${files[0]}:${d.line}:${d.column}: error ${d.code}: ${d.message}\n`);
    return errors.length ? 1 : 0;
  },
};
