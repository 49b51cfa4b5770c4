// Code lenses: "▶ Run pipeline", "Debug pipeline" and "◆ Plan" at the top, "▶ Run step" and "▶ Run from here" on each step.
// They name commands of the run experience and the debugger; the adapter adds the document URI as the first argument.
import type { TextRange } from '../core/contracts/diagnostics.js';
import type { PipelineAnalysis } from './PipelineAnalysis.js';
import type { WorkspaceIndex } from './WorkspaceIndex.js';

/** Command ids the lenses call (owned by the run experience; contributed in package.json). */
export const LENS_COMMANDS = {
  runPipeline: 'ansflow.runPipeline',
  debugPipeline: 'ansflow.debugPipeline',
  planPipeline: 'ansflow.planPipeline',
  runStep: 'ansflow.runStep',
  runFromStep: 'ansflow.runFromStep',
} as const;

const KNOWN = new Set<string>(Object.values(LENS_COMMANDS));

/**
 * Whether a lens may call `command`: one of {@link LENS_COMMANDS}, or none (a status lens). Lenses
 * come from the language worker; the adapter turns nothing else into a clickable command.
 */
export function isLensCommand(command: string): boolean {
  return command === '' || KNOWN.has(command);
}

/** One lens: a title, the command and the arguments after the document URI. */
export interface PipelineLens {
  range: TextRange;
  title: string;
  command: string;
  /** Arguments after the URI: the step id for step lenses. */
  args: string[];
  tooltip?: string;
}

/** Lenses for a pipeline; none when it has no steps. */
export function codeLenses(analysis: PipelineAnalysis, workspace: WorkspaceIndex = {}): PipelineLens[] {
  const steps = analysis.allSteps.filter((s) => !s.origin?.file);
  if (steps.length === 0) return [];
  const firstKey = /\S/.exec(analysis.text.replace(/^(\s*#.*\n)*/, (m) => ' '.repeat(m.length)));
  const top = { start: firstKey?.index ?? 0, end: firstKey?.index ?? 0 };
  const lenses: PipelineLens[] = [
    { range: top, title: '▶ Run pipeline', command: LENS_COMMANDS.runPipeline, args: [], tooltip: 'Run every step of this pipeline' },
    { range: top, title: '$(debug-alt) Debug pipeline', command: LENS_COMMANDS.debugPipeline, args: [], tooltip: 'Run this pipeline under the debugger: breakpoints on steps, the expression context in Variables' },
    { range: top, title: '◆ Plan', command: LENS_COMMANDS.planPipeline, args: [], tooltip: 'Dry run: show what would run, in order, without changing anything' },
  ];
  for (const s of steps) {
    const range = s.idRange;
    lenses.push({ range, title: '▶ Run step', command: LENS_COMMANDS.runStep, args: [s.id], tooltip: `Run '${s.id}' with the steps it needs (as ansflow run --target ${s.id})` });
    if (!s.isFinally) lenses.push({ range, title: '▶ Run from here', command: LENS_COMMANDS.runFromStep, args: [s.id], tooltip: `Run '${s.id}' and every step that depends on it` });
    const run = analysis.file ? workspace.lastRun?.(analysis.file, s.id) : undefined;
    if (run) lenses.push({ range, title: `${statusIcon(run.status)} ${run.status}`, command: '', args: [], tooltip: run.at });
  }
  return lenses;
}

function statusIcon(status: string): string {
  return status === 'success' ? '✓' : status === 'failure' || status === 'failed' ? '✗' : status === 'skipped' ? '↷' : '●';
}
