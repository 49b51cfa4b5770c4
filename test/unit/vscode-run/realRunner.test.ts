// (unit) The editor's pure consumers fed by the REAL runner (local shell steps): terminal text,
// run model, problem matchers and the step-failure diagnostic, plus the write-to-render latency.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPipeline } from '../../../src/core/runner/index.js';
import { ProblemScanner, type Problem } from '../../../src/core/problems/index.js';
import { RunModel } from '../../../src/vscode/run/RunModel.js';
import { TerminalRenderer } from '../../../src/vscode/run/TerminalRenderer.js';
import { stepFailureDiagnostic } from '../../../src/vscode/run/runDiagnostics.js';
import { selectSteps } from '../../../src/vscode/run/selectSteps.js';
import { median } from '../../../src/vscode/run/format.js';
import { pipeline, sh } from '../core/runner/helpers/pipelines.js';

test('(unit) real runner → terminal renderer, run model and problem matchers', async () => {
  const ws = mkdtempSync(join(tmpdir(), 'ansflow-run-ui-'));
  writeFileSync(join(ws, 'main.c'), 'int main(void) { return y; }\n');
  const p = pipeline([
    sh('build', 'echo building; echo "main.c:1:25: error: y undeclared" >&2; exit 3'),
    sh('probe', 'for i in 1 2 3 4 5 6 7 8 9 10; do echo "ansflow-latency-probe:$(date +%s%3N)"; sleep 0.05; done'),
  ]);
  const renderer = new TerminalRenderer({ color: false, statusLine: false });
  const model = new RunModel('pending');
  const scanners = new Map<string, ProblemScanner>();
  const problems: Problem[] = [];
  const latencies: number[] = [];
  let out = '';
  const handle = runPipeline(p, { workspace: ws, concurrency: 2 });
  handle.onEvent((e) => {
    model.apply(e);
    const text = renderer.render(e);
    const now = Date.now();
    for (const m of text.matchAll(/ansflow-latency-probe:(\d{13})/g)) latencies.push(now - Number(m[1]));
    out += text;
    if (e.type === 'step-log' && e.stream !== 'system') {
      const key = `${e.step}/${e.stream}`;
      if (!scanners.has(key)) scanners.set(key, new ProblemScanner({ cwd: ws }));
      problems.push(...scanners.get(key)!.push(e.text));
    }
  });
  const summary = await handle.done;
  for (const s of scanners.values()) problems.push(...s.end());

  assert.equal(summary.status, 'failed');
  assert.equal(model.status, 'failed');
  assert.equal(model.steps.get('build')!.exitCode, 3);
  assert.match(out, /^\[build\] +building\r$/m);
  assert.match(out, /^\[build\] +✖ failed \(exit 3\)/m);
  assert.match(out, /✖ test failed in /);
  assert.deepEqual(problems.map((x) => `${x.file}:${x.line}:${x.column} ${x.severity}`), [`${join(ws, 'main.c')}:1:25 error`]);
  assert.equal(latencies.length, 10);
  // Timing is reported, not asserted (timing lives in bench/): runner batching + rendering.
  console.log(`# step write → terminal text latency over ${latencies.length} lines: median ${median(latencies)} ms, max ${Math.max(...latencies)} ms`);
});

test('(unit) select steps keeps a step and what it transitively needs', () => {
  const p = pipeline([sh('a', 'true'), sh('b', 'true', { needs: ['a'] }), sh('c', 'true', { needs: ['b'] }), sh('d', 'true')], { finally: [sh('cleanup', 'true')] });
  assert.deepEqual(selectSteps(p, ['c']).pipeline.steps.map((s) => s.id), ['a', 'b', 'c']);
  assert.deepEqual(selectSteps(p, ['c']).pipeline.finally, []);
  assert.deepEqual(selectSteps(p, ['d']).pipeline.steps.map((s) => s.id), ['d']);
});

test('(unit) a failed step maps onto its id in the pipeline text', () => {
  const text = 'steps:\n  build:\n    type: shell\n';
  const p = pipeline([sh('build', 'false', { idRange: { start: 9, end: 14 } })]);
  const d = stepFailureDiagnostic({ ...p, text }, '/w/p.ansflow.yaml', { step: 'build', stepId: 'build', status: 'failed', exitCode: 1, lastLines: [] })!;
  assert.deepEqual(d.start, { line: 1, character: 2 });
});
