// The DAP session over the wire, driven by @vscode/debugadapter-testsupport's DebugClient (the framing
// and request/response pairing VS Code uses), with the real runner and real shell steps.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { StaticSecretProvider } from '../../../../../../src/core/runner/index.js';
import { serveDap, type DapServer } from './dapServer.js';

const PIPELINE = [
  'version: 1', // 1
  'params:', // 2
  '  who: { type: string, default: world }', // 3
  'steps:', // 4
  '  a:', // 5
  '    type: shell', // 6
  '    with: { run: \'echo "word=hi" >> "$ANSFLOW_OUTPUT"\' }', // 7
  '  b:', // 8
  '    type: shell', // 9
  '    needs: a', // 10
  '    with:', // 11
  '      run: \'echo "${{ steps.a.outputs.word }} ${{ params.who }}" > b.txt\'', // 12
  '',
].join('\n');

// Fails until its marker exists; the first attempt writes it.
const FLAKY = [
  'version: 1', // 1
  'steps:', // 2
  '  a:', // 3
  '    type: shell', // 4
  '    with: { run: \'if [ -f fixed ]; then echo fine; else touch fixed; exit 5; fi\' }', // 5
  '  b:', // 6
  '    type: shell', // 7
  '    needs: a', // 8
  '    with: { run: \'touch b.txt\' }', // 9
  '',
].join('\n');

const servers: DapServer[] = [];
const clients: DebugClient[] = [];
after(async () => {
  for (const c of clients) await c.stop().catch(() => undefined);
  for (const s of servers) await s.close();
});

async function connect(text: string) {
  const ws = mkdtempSync(join(tmpdir(), 'ansflow-dap-wire-'));
  const file = join(ws, 'p.ansflow.yaml');
  writeFileSync(file, text);
  const server = await serveDap(() => ({ workspace: ws, secrets: new StaticSecretProvider({}) }));
  servers.push(server);
  const dc = new DebugClient('node', 'unused-in-server-mode', 'ansflow');
  // A failure bound for a stuck exchange on a loaded 2-core machine, not a timing assertion.
  dc.defaultTimeout = 60_000;
  await dc.start(server.port);
  clients.push(dc);
  return { ws, file, dc, run: () => server.sessions[0]!.run! };
}

/** Starts the launched file with breakpoints on the given lines; resolves with the setBreakpoints answer. */
async function launchWith(dc: DebugClient, file: string, lines: number[], extra: Record<string, unknown> = {}) {
  const initialized = dc.waitForEvent('initialized');
  await dc.initializeRequest({ adapterID: 'ansflow', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
  await dc.launchRequest({ pipeline: file, ...extra } as DebugProtocol.LaunchRequestArguments);
  await initialized;
  const bps = await dc.setBreakpointsRequest({ source: { path: file }, breakpoints: lines.map((line) => ({ line })) });
  return bps.body.breakpoints;
}

/** The end of the run as the client sees it: the `exited` code, and `exited` coming before `terminated`. */
function runEnd(dc: DebugClient): Promise<{ exitCode: number; order: string[] }> {
  const order: string[] = [];
  let exitCode = -1;
  dc.on('exited', (e: DebugProtocol.ExitedEvent) => {
    order.push('exited');
    exitCode = e.body.exitCode;
  });
  return new Promise((resolve) =>
    dc.once('terminated', () => {
      order.push('terminated');
      resolve({ exitCode, order });
    }),
  );
}

test('(unit) DAP over the wire: a breakpoint inside b is verified on its id line and stops there; variables show a\'s output; the repl evaluates; continue runs to the end, exited 0 before terminated', async () => {
  const { ws, file, dc, run } = await connect(PIPELINE);
  const bps = await launchWith(dc, file, [12, 2]);
  assert.deepEqual(
    bps.map((b) => [b.verified, b.line]),
    [
      [true, 8],
      [false, 2],
    ],
  );
  const stoppedEvent = dc.waitForEvent('stopped');
  await dc.configurationDoneRequest();
  const stopped = (await stoppedEvent) as DebugProtocol.StoppedEvent;
  assert.equal(stopped.body.reason, 'breakpoint');
  assert.ok(!existsSync(join(ws, 'b.txt')), 'b has not started');

  const threads = (await dc.threadsRequest()).body.threads;
  assert.deepEqual(threads.map((t) => t.name), ['b']);
  const frames = (await dc.stackTraceRequest({ threadId: stopped.body.threadId! })).body.stackFrames;
  assert.equal(frames.length, 1);
  assert.deepEqual([frames[0]!.name, frames[0]!.line, frames[0]!.source?.path], ['b', 8, file]);

  const scopes = (await dc.scopesRequest({ frameId: frames[0]!.id })).body.scopes;
  const steps = scopes.find((s) => s.name === 'Steps');
  assert.ok(steps, `scopes: ${scopes.map((s) => s.name).join(', ')}`);
  const stepVars = (await dc.variablesRequest({ variablesReference: steps.variablesReference })).body.variables;
  const a = stepVars.find((v) => v.name === 'a');
  assert.ok(a && a.variablesReference > 0);
  const aVars = (await dc.variablesRequest({ variablesReference: a.variablesReference })).body.variables;
  const outputs = aVars.find((v) => v.name === 'outputs')!;
  const outVars = (await dc.variablesRequest({ variablesReference: outputs.variablesReference })).body.variables;
  assert.deepEqual(outVars.map((v) => [v.name, v.value]), [['word', '"hi"']]);

  const evaluated = await dc.evaluateRequest({ expression: "${{ format('{0}-{1}', steps.a.outputs.word, params.who) }}", frameId: frames[0]!.id, context: 'repl' });
  assert.equal(evaluated.body.result, 'hi-world');
  // A bad expression is a failed response with its one-line message, as the Debug Console shows it.
  await assert.rejects(dc.evaluateRequest({ expression: '${{ params.( }}', frameId: frames[0]!.id, context: 'repl' }));

  const ended = runEnd(dc);
  await dc.continueRequest({ threadId: stopped.body.threadId! });
  assert.deepEqual(await ended, { exitCode: 0, order: ['exited', 'terminated'] });
  const summary = await run().done;
  assert.equal(summary.status, 'success');
  assert.ok(existsSync(join(ws, 'b.txt')));
});

test('(unit) DAP over the wire: breakOnFailure stops on the failed step as an exception; restartFrame runs it again and the run succeeds', async () => {
  const { ws, file, dc, run } = await connect(FLAKY);
  await launchWith(dc, file, [], { breakOnFailure: true });
  const stoppedEvent = dc.waitForEvent('stopped');
  await dc.configurationDoneRequest();
  const stopped = (await stoppedEvent) as DebugProtocol.StoppedEvent;
  assert.equal(stopped.body.reason, 'exception');
  const frame = (await dc.stackTraceRequest({ threadId: stopped.body.threadId! })).body.stackFrames[0]!;
  assert.equal(frame.canRestart, true);
  assert.ok(!existsSync(join(ws, 'b.txt')), 'b waits while the failed a is held');

  const continued = dc.waitForEvent('continued');
  const terminated = dc.waitForEvent('terminated');
  await dc.restartFrameRequest({ frameId: frame.id });
  await continued;
  await terminated;
  const summary = await run().done;
  assert.equal(summary.status, 'success');
  assert.equal(summary.steps.find((s) => s.step === 'a')!.attempts, 2);
  assert.ok(existsSync(join(ws, 'b.txt')));
});

test('(unit) DAP over the wire: disconnect while stopped at a breakpoint cancels the run; the held step never starts; exited 1 before terminated', async () => {
  const { ws, file, dc, run } = await connect(PIPELINE);
  await launchWith(dc, file, [8]);
  const stoppedEvent = dc.waitForEvent('stopped');
  await dc.configurationDoneRequest();
  await stoppedEvent;
  const ended = runEnd(dc);
  await dc.disconnectRequest({ terminateDebuggee: true });
  // A run that did not succeed exits with 1.
  assert.deepEqual(await ended, { exitCode: 1, order: ['exited', 'terminated'] });
  const summary = await run().done;
  assert.equal(summary.status, 'cancelled');
  assert.equal(summary.steps.find((s) => s.step === 'b')!.status, 'cancelled');
  assert.ok(!existsSync(join(ws, 'b.txt')));
});
