// The DAP session driven by protocol messages over the real runner and real shell steps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MASK, StaticSecretProvider } from '../../../../../src/core/runner/index.js';
import { DapSession } from '../../../../../src/core/runner/debug/dap/DapSession.js';
import { AuditLog, readAuditFile, recordRunEnd } from '../../../../../src/core/observability/audit/index.js';
import type { DapEvent, DapMessage, DapResponse } from '../../../../../src/core/runner/debug/dap/dapMessages.js';

const SECRET = 'dap-s3cret-value-42';
const TEXT = [
  'version: 1', // 1
  'params:', // 2
  '  who: { type: string, default: world }', // 3
  'secrets:', // 4
  '  TOKEN: { description: t }', // 5
  'steps:', // 6
  '  a:', // 7
  '    type: shell', // 8
  '    with: { run: \'echo "word=hi" >> "$ANSFLOW_OUTPUT"\' }', // 9
  '  b:', // 10
  '    type: shell', // 11
  '    needs: a', // 12
  '    with:', // 13
  '      run: \'echo "${{ steps.a.outputs.word }} ${{ params.who }}" > b.txt\'', // 14
  '',
].join('\n');

/** A client: sends requests, waits for responses and events. */
function client(session: DapSession, log: DapMessage[]) {
  let seq = 1;
  const waiters: Array<() => void> = [];
  const wake = () => waiters.splice(0).forEach((w) => w());
  const until = async <T extends DapMessage>(pred: (m: DapMessage) => boolean, from = 0): Promise<T> => {
    for (;;) {
      const m = log.slice(from).find(pred);
      if (m) return m as T;
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  return {
    wake,
    async req(command: string, args?: Record<string, unknown>): Promise<DapResponse> {
      const s = seq++;
      await session.handle({ seq: s, type: 'request', command, arguments: args });
      return until<DapResponse>((m) => m.type === 'response' && m.request_seq === s);
    },
    event: (name: string, from = 0) => until<DapEvent>((m) => m.type === 'event' && m.event === name, from),
    count: () => log.length,
  };
}

function setup() {
  const ws = mkdtempSync(join(tmpdir(), 'ansflow-dap-'));
  const file = join(ws, 'p.ansflow.yaml');
  writeFileSync(file, TEXT);
  const log: DapMessage[] = [];
  // Messages only arrive once a request is handled, after `c` exists.
  const session: DapSession = new DapSession(
    (m) => {
      log.push(m);
      c.wake();
    },
    () => ({ workspace: ws, secrets: new StaticSecretProvider({ TOKEN: SECRET }) }),
  );
  const c = client(session, log);
  return { ws, file, session, c, log };
}

test('(unit) DAP session: breakpoint inside b stops before b; scopes show a\'s output, secrets masked; evaluate; setVariable; continue to the end', async () => {
  const { ws, file, session, c, log } = setup();
  const init = await c.req('initialize', { adapterID: 'ansflow' });
  assert.ok(init.success);
  assert.ok((await c.req('launch', { pipeline: file })).success);
  await c.event('initialized');
  const bps = await c.req('setBreakpoints', { source: { path: file }, breakpoints: [{ line: 14 }, { line: 2 }] });
  assert.deepEqual((bps.body as { breakpoints: unknown[] }).breakpoints, [
    { verified: true, line: 10 },
    { verified: false, line: 2, message: 'not inside a step' },
  ]);
  await c.req('configurationDone');
  const stopped = await c.event('stopped');
  const threadId = (stopped.body as { threadId: number }).threadId;
  assert.deepEqual((await c.req('threads')).body, { threads: [{ id: threadId, name: 'b' }] });
  const frames = (await c.req('stackTrace', { threadId })).body as { stackFrames: Array<{ id: number; name: string; line: number }> };
  assert.deepEqual([frames.stackFrames[0]!.name, frames.stackFrames[0]!.line], ['b', 10]);
  const scopes = ((await c.req('scopes', { frameId: frames.stackFrames[0]!.id })).body as { scopes: Array<{ name: string; variablesReference: number }> }).scopes;
  const ref = (name: string) => scopes.find((s) => s.name === name)!.variablesReference;
  const vars = async (r: number) => ((await c.req('variables', { variablesReference: r })).body as { variables: Array<{ name: string; value: string; variablesReference: number }> }).variables;
  const stepA = (await vars(ref('Steps'))).find((v) => v.name === 'a')!;
  const outputs = (await vars(stepA.variablesReference)).find((v) => v.name === 'outputs')!;
  assert.deepEqual((await vars(outputs.variablesReference)).map((v) => [v.name, v.value]), [['word', '"hi"']]);
  assert.deepEqual((await vars(ref('Secrets'))).map((v) => [v.name, v.value]), [['TOKEN', JSON.stringify(MASK)]]);

  const ev = await c.req('evaluate', { expression: '${{ secrets.TOKEN }}', frameId: threadId });
  assert.equal((ev.body as { result: string }).result, MASK);
  const bad = await c.req('evaluate', { expression: 'params.(', frameId: threadId });
  assert.equal(bad.success, false);
  assert.ok(bad.message && !bad.message.includes('\n'));

  assert.ok((await c.req('setVariable', { variablesReference: ref('Params'), name: 'who', value: 'debugger' })).success);
  assert.ok((await c.req('setVariable', { variablesReference: outputs.variablesReference, name: 'word', value: 'bye' })).success);
  assert.equal((await c.req('setVariable', { variablesReference: ref('Env'), name: 'X', value: '1' })).success, false);
  const edited = await c.req('evaluate', { expression: "format('{0} {1}', steps.a.outputs.word, params.who)", frameId: threadId });
  assert.equal((edited.body as { result: string }).result, 'bye debugger');

  await c.req('continue', { threadId });
  await c.event('terminated');
  assert.equal((await session.run!.done).status, 'success');
  assert.equal(readFileSync(join(ws, 'b.txt'), 'utf8'), 'bye debugger\n');
  assert.ok(!JSON.stringify(log).includes(SECRET));
});

test('(unit) DAP session: stopOnEntry stops at a, next stops at b, disconnect cancels', async () => {
  const { file, session, c } = setup();
  await c.req('initialize');
  await c.req('launch', { pipeline: file, stopOnEntry: true });
  await c.req('configurationDone');
  const first = await c.event('stopped');
  assert.equal((first.body as { reason: string }).reason, 'entry');
  const from = c.count();
  await c.req('next', { threadId: (first.body as { threadId: number }).threadId });
  const second = await c.event('stopped', from);
  assert.equal((second.body as { description: string }).description, 'before b');
  assert.equal((second.body as { reason: string }).reason, 'step');
  await c.req('disconnect');
  await c.event('terminated');
  const summary = await session.run!.done;
  assert.equal(summary.status, 'cancelled');
  assert.equal(summary.steps.find((s) => s.step === 'b')!.status, 'cancelled');
});

test('(unit) DAP session: a launch without a readable pipeline fails with one line', async () => {
  const { c } = setup();
  const r = await c.req('launch', { pipeline: '/nonexistent/x.ansflow.yaml' });
  assert.equal(r.success, false);
  assert.equal(r.message, 'cannot read the pipeline file /nonexistent/x.ansflow.yaml');
});

test('(unit) DAP session: next from a breakpoint on a stops before the next step, b', async () => {
  const { file, session, c } = setup();
  await c.req('initialize');
  await c.req('launch', { pipeline: file });
  await c.req('setBreakpoints', { source: { path: file }, breakpoints: [{ line: 8 }] });
  await c.req('configurationDone');
  const first = await c.event('stopped');
  assert.equal((first.body as { description: string }).description, 'before a');
  const from = c.count();
  await c.req('next', { threadId: (first.body as { threadId: number }).threadId });
  const second = await c.event('stopped', from);
  assert.equal((second.body as { description: string }).description, 'before b');
  await c.req('continue', { threadId: (second.body as { threadId: number }).threadId });
  assert.equal((await session.run!.done).status, 'success');
});

test('(unit) DAP session: the run it starts is handed to the session owner, which records it in the audit trail', async () => {
  const ws = mkdtempSync(join(tmpdir(), 'ansflow-dap-audit-'));
  const file = join(ws, 'p.ansflow.yaml');
  writeFileSync(file, TEXT);
  const audit = new AuditLog({ file: join(ws, 'audit.jsonl'), source: 'editor' });
  const recorded: Array<Promise<void>> = [];
  const log: DapMessage[] = [];
  const session: DapSession = new DapSession(
    (m) => {
      log.push(m);
      c.wake();
    },
    () => ({ workspace: ws, secrets: new StaticSecretProvider({ TOKEN: SECRET }) }),
    (run, f, name) => recorded.push(recordRunEnd(audit, run, f, name, 'debug')),
  );
  const c = client(session, log);
  await c.req('initialize');
  await c.req('launch', { pipeline: file });
  await c.req('configurationDone');
  await c.event('terminated');
  await Promise.all(recorded);
  const records = readAuditFile(audit.file);
  assert.equal(records.length, 1);
  assert.equal(records[0]!.action, 'pipeline-run');
  assert.equal(records[0]!.runId, session.run!.runId);
  assert.equal(records[0]!.target.context, file);
  assert.match(records[0]!.detail ?? '', /debug/);
});

const FLAKY = [
  'version: 1', // 1
  'secrets:', // 2
  '  TOKEN: { description: t }', // 3
  'steps:', // 4
  '  a:', // 5
  '    type: shell', // 6
  '    env: { TOKEN: "${{ secrets.TOKEN }}" }', // 7
  // Fails until the marker exists; the first attempt writes it. Prints the secret, which must stay masked.
  '    with: { run: \'echo "out $TOKEN"; if [ -f fixed ]; then echo fine; else touch fixed; echo broken >&2; exit 5; fi\' }', // 8
  '  b:', // 9
  '    type: shell', // 10
  '    needs: a', // 11
  '    with: { run: \'touch b.txt\' }', // 12
  '',
].join('\n');

function flakySetup() {
  const s = setup();
  writeFileSync(s.file, FLAKY);
  return s;
}

test('(unit) DAP session: breakOnFailure stops on the failed step as an exception; its frame restarts, runs it again and the run goes on; step output reaches the console masked', async () => {
  const { ws, file, session, c, log } = flakySetup();
  const init = await c.req('initialize');
  const caps = init.body as { supportsRestartFrame: boolean; exceptionBreakpointFilters: Array<{ filter: string }> };
  assert.equal(caps.supportsRestartFrame, true);
  assert.deepEqual(caps.exceptionBreakpointFilters.map((f) => f.filter), ['failure']);
  await c.req('launch', { pipeline: file, breakOnFailure: true });
  // The client sends the filters it shows (none ticked): the launch attribute still holds.
  await c.req('setExceptionBreakpoints', { filters: [] });
  await c.req('configurationDone');
  const stopped = await c.event('stopped');
  const body = stopped.body as { reason: string; threadId: number; text: string };
  assert.equal(body.reason, 'exception');
  assert.match(body.text, /^a failed: exited with code 5/);
  const frame = ((await c.req('stackTrace', { threadId: body.threadId })).body as { stackFrames: Array<{ id: number; name: string; canRestart: boolean }> }).stackFrames[0]!;
  assert.deepEqual([frame.name, frame.canRestart], ['a (failed, attempt 1)', true]);
  const scopes = ((await c.req('scopes', { frameId: frame.id })).body as { scopes: Array<{ name: string; variablesReference: number }> }).scopes;
  assert.equal(scopes[0]!.name, 'Failure');
  const failure = ((await c.req('variables', { variablesReference: scopes[0]!.variablesReference })).body as { variables: Array<{ name: string; value: string }> }).variables;
  assert.deepEqual(failure.find((v) => v.name === 'exitCode')?.value, '5');
  assert.ok(!existsSync(join(ws, 'b.txt')), 'b waits while a is held');

  const from = c.count();
  assert.ok((await c.req('restartFrame', { frameId: frame.id })).success);
  assert.equal(((await c.event('continued', from)).body as { threadId: number }).threadId, body.threadId);
  await c.event('terminated');
  const summary = await session.run!.done;
  assert.equal(summary.status, 'success');
  assert.equal(summary.steps.find((s) => s.step === 'a')!.attempts, 2);
  assert.ok(existsSync(join(ws, 'b.txt')));

  const outputs = log.filter((m): m is DapEvent => m.type === 'event' && m.event === 'output').map((m) => m.body as { category: string; output: string });
  const text = (cat: string) => outputs.filter((o) => o.category === cat).map((o) => o.output).join('');
  assert.match(text('stdout'), new RegExp(`^\\[a\\] out ${MASK.replace(/[*]/g, '\\*')}$`, 'm'));
  assert.match(text('stdout'), /^\[a\] fine$/m);
  assert.match(text('stderr'), /^\[a\] broken$/m);
  assert.match(text('stderr'), /^\[a\] failed \(attempt 1\): exited with code 5$/m);
  assert.ok(!JSON.stringify(log).includes(SECRET));
});

test('(unit) DAP session: the failed-steps filter alone turns on breaking; restarting a step that did not fail is refused', async () => {
  const { file, session, c } = flakySetup();
  await c.req('initialize');
  await c.req('launch', { pipeline: file, stopOnEntry: true });
  await c.req('setExceptionBreakpoints', { filters: ['failure'] });
  await c.req('configurationDone');
  const entry = await c.event('stopped');
  const threadId = (entry.body as { threadId: number }).threadId;
  const frame = ((await c.req('stackTrace', { threadId })).body as { stackFrames: Array<{ canRestart: boolean }> }).stackFrames[0]!;
  assert.equal(frame.canRestart, false);
  const refused = await c.req('restartFrame', { frameId: threadId });
  assert.equal(refused.success, false);
  assert.match(refused.message ?? '', /only a failed step is run again/);
  const from = c.count();
  await c.req('continue', { threadId });
  const failed = await c.event('stopped', from);
  assert.equal((failed.body as { reason: string }).reason, 'exception');
  await c.req('continue', { threadId });
  assert.equal((await session.run!.done).status, 'failed');
});

test('(unit) DAP session: conditional breakpoints, hit counts and logpoints from setBreakpoints', async () => {
  const { file, session, c, log } = setup();
  writeFileSync(
    file,
    TEXT.replace("  a:\n    type: shell\n", "  a:\n    type: shell\n    matrix: { n: [1, 2, 3] }\n").replace('needs: a', 'needs: a'),
  );
  await c.req('initialize');
  await c.req('launch', { pipeline: file });
  const bps = await c.req('setBreakpoints', {
    source: { path: file },
    breakpoints: [
      { line: 8, condition: 'matrix.n >= 2', hitCondition: '2' },
      { line: 9, logMessage: 'a with n=${{ matrix.n }}, token ${{ secrets.TOKEN }}' },
      { line: 15, hitCondition: 'often' },
    ],
  });
  const answers = (bps.body as { breakpoints: Array<{ verified: boolean; message?: string }> }).breakpoints;
  assert.deepEqual(answers.map((b) => b.verified), [true, true, false]);
  assert.match(answers[2]!.message!, /not a count/);
  await c.req('configurationDone');
  const stopped = await c.event('stopped');
  // n=2 is the first hit of the condition, n=3 the second.
  assert.match((stopped.body as { description: string }).description, /^before a\[.*3.*\]$/);
  await c.req('continue', { threadId: (stopped.body as { threadId: number }).threadId });
  await c.event('terminated');
  assert.equal((await session.run!.done).status, 'success');
  const consoleText = log
    .filter((m): m is DapEvent => m.type === 'event' && m.event === 'output' && (m.body as { category: string }).category === 'console')
    .map((m) => (m.body as { output: string }).output)
    .join('');
  for (const n of [1, 2, 3]) assert.match(consoleText, new RegExp(`a with n=${n}, token ${MASK.replace(/[*]/g, '\\*')}\\n`));
  assert.ok(!JSON.stringify(log).includes(SECRET));
});

test('(unit) DAP session: Pause while a runs holds b, stopped for the pause', async () => {
  const { file, session, c } = setup();
  await c.req('initialize');
  await c.req('launch', { pipeline: file, stopOnEntry: true });
  await c.req('configurationDone');
  const entry = await c.event('stopped');
  const from = c.count();
  // a is a real process: b cannot reach its start before the pause request is handled.
  await c.req('continue', { threadId: (entry.body as { threadId: number }).threadId });
  await c.req('pause', { threadId: (entry.body as { threadId: number }).threadId });
  const paused = await c.event('stopped', from);
  assert.deepEqual([(paused.body as { reason: string }).reason, (paused.body as { description: string }).description], ['pause', 'before b']);
  await c.req('continue', { threadId: (paused.body as { threadId: number }).threadId });
  assert.equal((await session.run!.done).status, 'success');
});

test('(unit) DAP session: cancel() from its owner ends a run held on a failure, with a failing finally step not held again', async () => {
  const { file, session, c } = flakySetup();
  writeFileSync(file, `${FLAKY}finally:\n  cleanup:\n    type: shell\n    with: { run: 'exit 9' }\n`);
  await c.req('initialize');
  await c.req('launch', { pipeline: file, breakOnFailure: true });
  await c.req('configurationDone');
  await c.event('stopped');
  session.cancel('debug session ended');
  const summary = await session.run!.done;
  assert.equal(summary.status, 'cancelled');
  assert.equal(summary.steps.find((s) => s.step === 'cleanup')!.status, 'failed');
});
