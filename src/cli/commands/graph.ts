// `ansflow graph <file> [--format json|dot|mermaid]`: the step DAG (layers, matrix instances, cycles).
import { resolve } from 'node:path';
import { defineCommand, EXIT, failure } from '../command/index.js';
import { buildGraphModel, graphModelToDot, graphModelToJson, graphModelToMermaid } from '../../core/graph/index.js';
import { parseCliPipeline, readCliPipelineText } from '../support/loadPipelineFile.js';
import { toCliResult } from './validate.js';

/** The `graph` subcommand. */
export const graphCommand = defineCommand({
  name: 'graph',
  summary: 'Print the step graph of a pipeline as JSON, Graphviz dot or Mermaid',
  args: [{ name: 'file', help: 'the pipeline file' }],
  format: { choices: ['json', 'dot', 'mermaid'], help: 'json: nodes, edges, layers and cycles; dot: Graphviz; mermaid: a flowchart' },
  examples: [{ command: 'ansflow graph deploy.ansflow.yaml --format dot | dot -Tsvg > deploy.svg', about: 'draw the DAG with Graphviz' }],
  exitCodes: { 0: 'graph printed, the pipeline is valid', 1: 'graph printed but the pipeline has errors (on stderr), or the file was not found', 2: 'usage error, or the file is not readable as a pipeline (a folder, too large, not UTF-8)' },
  async run({ args, format }, io) {
    const abs = resolve(io.cwd, args.file);
    const read = readCliPipelineText(args.file, io);
    if ('error' in read) return failure(read.code === 'not-found' ? EXIT.failed : EXIT.usage, `${args.file}: ${read.error}`, '');
    const parsed = parseCliPipeline(abs, read, io);
    // Every format renders the editor's model, so the CLI and the graph editor show one graph.
    const model = buildGraphModel(parsed);
    const out = format === 'json' ? `${JSON.stringify(graphModelToJson(model), null, 2)}\n` : format === 'dot' ? graphModelToDot(model) : graphModelToMermaid(model);
    io.stdout.write(out);
    // Problems go to stderr so the graph text stays pipeable into dot/mermaid tools.
    const errors = toCliResult(args.file, read.text, parsed.diagnostics).diagnostics.filter((d) => d.severity === 'error');
    for (const d of errors) io.stderr.write(`${args.file}:${d.line}:${d.column}: error ${d.code}: ${d.message}\n`);
    return errors.length ? 1 : 0;
  },
});
