// docker.run `command` through the real parser and runner: values are substituted after the command
// line is split, so a value is one argument and never adds arguments or a program.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { busyboxImage, requireEngine } from '../engines.js';
import { parsePipeline } from '../../../src/core/pipeline/index.js';
import { runPipeline } from '../../../src/core/runner/index.js';
import type { RunEvent } from '../../../src/core/contracts/events.js';

test('(integration) docker.run: a value with spaces, quotes, `;` or `#` arrives as one argument; no marker file', async (t) => {
  if (!requireEngine(t, 'docker')) return;
  const ws = mkdtempSync(join(tmpdir(), 'ansflow-dvals-'));
  mkdirSync(join(ws, 'out'));
  t.after(() => rmSync(ws, { recursive: true, force: true }));
  const yaml = `version: 1
name: docker-values
params:
  v:
    type: string
    default: ""
  tool:
    type: string
    default: ""
steps:
  echo:
    type: docker.run
    with:
      image: ${busyboxImage()}
      pull: never
      volumes: ["./out:/out"]
      command: sh -c 'printf "<%s>\\n" "$@"' sh \${{ params.v }} "\${{ params.v }}"
  tool:
    type: docker.run
    with:
      image: ${busyboxImage()}
      pull: never
      volumes: ["./out:/out"]
      command: \${{ params.tool }} --version
`;
  const file = join(ws, 'p.ansflow.yaml');
  writeFileSync(file, yaml);
  const parsed = parsePipeline(yaml, { file });
  assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
  const events: RunEvent[] = [];
  const handle = runPipeline(parsed, { workspace: ws, trigger: 'test', params: { v: "x; touch /out/marker #'", tool: 'sh -c "touch /out/marker2" #' } });
  handle.onEvent((e) => events.push(e));
  const summary = await handle.done;
  const log = (step: string) => events.filter((e): e is Extract<RunEvent, { type: 'step-log' }> => e.type === 'step-log' && e.step === step).map((e) => e.text).join('');
  assert.ok(!existsSync(join(ws, 'out', 'marker2')), 'marker2 created: a value became the program and its arguments');
  assert.equal(summary.steps.find((s) => s.step === 'echo')?.status, 'success', log('echo'));
  assert.equal(log('echo').split('\n').filter((l) => l.startsWith('<')).join('\n'), "<x; touch /out/marker #'>\n<x; touch /out/marker #'>");
  // The whole value is the program name: no such program, so the step fails and nothing ran.
  assert.equal(summary.steps.find((s) => s.step === 'tool')?.status, 'failed', log('tool'));
  assert.ok(!existsSync(join(ws, 'out', 'marker')), 'marker created from a value');
});
