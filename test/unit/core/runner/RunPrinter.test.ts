import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunPrinter, formatDuration } from '../../../../src/cli/output/RunPrinter.js';
import type { RunEvent } from '../../../../src/core/contracts/events.js';

const base = { runId: 'r', time: 0 };
const events: RunEvent[] = [
  { ...base, type: 'run-start', pipeline: 'p', params: {}, trigger: 'cli', steps: ['build', 'test'] },
  { ...base, type: 'step-start', step: 'build', stepId: 'build', attempt: 1, executor: 'local' },
  { ...base, type: 'step-log', step: 'build', stream: 'stdout', text: 'compil' },
  { ...base, type: 'step-log', step: 'build', stream: 'stdout', text: 'ing\ndone\npart' },
  { ...base, type: 'step-end', step: 'build', stepId: 'build', status: 'success', attempt: 1, durationMs: 1500 },
];

test('(unit) run printer: whole prefixed lines per step, partial lines held until complete or step end', () => {
  const p = new RunPrinter({ color: false, footer: false });
  const out = events.map((e) => p.render(e)).join('');
  assert.match(out, /^build │ compiling\nbuild │ done\nbuild │ part\nbuild │ ✔ success \(1\.5s\)$/m);
});

test('(unit) run printer: TTY mode redraws a status footer below the output and colours prefixes', () => {
  const p = new RunPrinter({ color: true, footer: true, columns: 80 });
  const chunks = events.map((e) => p.render(e));
  assert.match(chunks[1]!, /running: build/);
  assert.ok(chunks[2]!.startsWith('\r\x1b[2K'), 'old footer erased before new output');
  assert.ok(chunks.join('').includes('\x1b[36mbuild'));
});

test('(unit) run printer: summary table lists status, attempts and duration', () => {
  const p = new RunPrinter({ color: false, footer: false });
  const s = p.summary({ runId: 'r', status: 'failed', durationMs: 65_000, steps: [{ step: 'build', stepId: 'build', status: 'failed', attempts: 3, durationMs: 2500, exitCode: 2, reason: 'exited with code 2', outputs: {}, isFinally: false }] });
  assert.match(s, /STEP\s+STATUS\s+ATTEMPTS\s+DURATION\s+NOTE\nbuild\s+failure\s+3\s+2\.5s\s+exited with code 2/);
  assert.match(s, /FAILURE in 1m05s/);
  assert.equal(formatDuration(850), '850ms');
});

test("(unit) run printer: the summary speaks GitHub's values, keeping the runner's state where it says more", () => {
  const p = new RunPrinter({ color: false, footer: false });
  const step = { stepId: 's', attempts: 1, durationMs: 10, outputs: {}, isFinally: false };
  const s = p.summary({
    runId: 'r',
    status: 'timed-out',
    durationMs: 1000,
    steps: [
      { ...step, step: 'slow', status: 'timed-out' },
      { ...step, step: 'cached', status: 'up-to-date' },
      { ...step, step: 'lint', status: 'failed', outcome: 'failure', conclusion: 'success' },
    ],
  });
  assert.match(s, /^slow\s+failure \(timed-out\)/m);
  assert.match(s, /^cached\s+success \(up-to-date\)/m);
  assert.match(s, /^lint\s+success \(failed\)/m);
  assert.match(s, /FAILURE \(TIMED-OUT\) in 1\.0s/);
  const line = p.render({ runId: 'r', time: 0, type: 'step-end', step: 'lint', stepId: 'lint', status: 'failed', outcome: 'failure', conclusion: 'success', attempt: 1, durationMs: 5 });
  assert.match(line, /✖ failed → success \(continueOnError\)/);
});
