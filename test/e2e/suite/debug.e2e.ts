/// <reference types="mocha" />
// The `ansflow` debug type in the real extension host: a breakpoint on a step's line pauses the run
// before it, the paused step's scopes show an earlier step's output, an expression evaluates in its
// context, and Continue runs the pipeline to the end.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { getExtension, waitFor, workspaceRoot } from './helpers.js';

const DIR = 'e2e-debug';
const TEXT = `version: 1
steps:
  a:
    type: shell
    with: { run: 'echo "word=from-a" >> "$ANSFLOW_OUTPUT"' }
  b:
    type: shell
    needs: a
    with: { run: 'echo "\${{ steps.a.outputs.word }}" > b.txt' }
`;

suite('debug', () => {
  const dir = () => join(workspaceRoot().fsPath, DIR);
  suiteSetup(async () => {
    await getExtension().activate();
    rmSync(dir(), { recursive: true, force: true });
    mkdirSync(dir(), { recursive: true });
  });

  test('(e2e) debug: a breakpoint on step b pauses before it; variables show a\'s output; evaluate; continue to the end', async () => {
    const file = join(dir(), 'debug.ansflow.yaml');
    writeFileSync(file, TEXT);
    const uri = vscode.Uri.file(file);
    // Line 6 (0-based) is inside b's body: the adapter moves the breakpoint to b's id line.
    const bp = new vscode.SourceBreakpoint(new vscode.Location(uri, new vscode.Position(6, 4)));
    vscode.debug.addBreakpoints([bp]);
    try {
      const ended = new Promise<void>((r) => {
        const sub = vscode.debug.onDidTerminateDebugSession(() => {
          sub.dispose();
          r();
        });
      });
      const started = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders![0], { type: 'ansflow', request: 'launch', name: 'e2e debug', pipeline: file });
      assert.ok(started, 'the debug session starts');
      const session = (await waitFor(() => vscode.debug.activeDebugSession, 'a debug session'))!;
      const threads = (await waitFor(async () => {
        const t = (await session.customRequest('threads')) as { threads: Array<{ id: number; name: string }> };
        return t.threads.length ? t.threads : undefined;
      }, 'a paused step'))!;
      assert.deepEqual(threads.map((t) => t.name), ['b']);
      const frames = (await session.customRequest('stackTrace', { threadId: threads[0]!.id })) as { stackFrames: Array<{ id: number; line: number }> };
      assert.equal(frames.stackFrames[0]!.line, 6);
      const scopes = (await session.customRequest('scopes', { frameId: frames.stackFrames[0]!.id })) as { scopes: Array<{ name: string; variablesReference: number }> };
      const vars = async (ref: number) => ((await session.customRequest('variables', { variablesReference: ref })) as { variables: Array<{ name: string; value: string; variablesReference: number }> }).variables;
      const a = (await vars(scopes.scopes.find((s) => s.name === 'Steps')!.variablesReference)).find((v) => v.name === 'a')!;
      const outputs = (await vars(a.variablesReference)).find((v) => v.name === 'outputs')!;
      assert.deepEqual((await vars(outputs.variablesReference)).map((v) => [v.name, v.value]), [['word', '"from-a"']]);
      const ev = (await session.customRequest('evaluate', { expression: "${{ format('{0}!', steps.a.outputs.word) }}", frameId: frames.stackFrames[0]!.id, context: 'repl' })) as { result: string };
      assert.equal(ev.result, 'from-a!');
      await session.customRequest('continue', { threadId: threads[0]!.id });
      await ended;
      assert.equal(readFileSync(join(dir(), 'b.txt'), 'utf8'), 'from-a\n');
    } finally {
      vscode.debug.removeBreakpoints([bp]);
    }
  });

  test('(e2e) debug: breakOnFailure stops on the failed step with its run terminal shown; Restart Frame runs it again; step output reaches the Debug Console', async () => {
    const file = join(dir(), 'fail.ansflow.yaml');
    // Fails until the marker exists; the first attempt writes it.
    writeFileSync(file, `version: 1
steps:
  flaky:
    type: shell
    with: { run: 'echo "console-probe-1"; if [ -f fixed ]; then echo ok; else touch fixed; exit 7; fi' }
  after:
    type: shell
    needs: flaky
    with: { run: 'echo done > after.txt' }
`);
    const seen: Array<{ event?: string; body?: { category?: string; output?: string; reason?: string } }> = [];
    const tracker = vscode.debug.registerDebugAdapterTrackerFactory('ansflow', { createDebugAdapterTracker: () => ({ onDidSendMessage: (m: (typeof seen)[number]) => void seen.push(m) }) });
    try {
      const ended = new Promise<void>((r) => {
        const sub = vscode.debug.onDidTerminateDebugSession(() => {
          sub.dispose();
          r();
        });
      });
      assert.ok(await vscode.debug.startDebugging(vscode.workspace.workspaceFolders![0], { type: 'ansflow', request: 'launch', name: 'e2e debug failure', pipeline: file, breakOnFailure: true }));
      const session = (await waitFor(() => vscode.debug.activeDebugSession, 'a debug session'))!;
      await waitFor(() => seen.some((m) => m.event === 'stopped' && m.body?.reason === 'exception'), 'a stop on the failure');
      const threads = ((await session.customRequest('threads')) as { threads: Array<{ id: number; name: string }> }).threads;
      assert.deepEqual(threads.map((t) => t.name), ['flaky']);
      const frame = ((await session.customRequest('stackTrace', { threadId: threads[0]!.id })) as { stackFrames: Array<{ id: number; canRestart: boolean }> }).stackFrames[0]!;
      assert.equal(frame.canRestart, true);
      await waitFor(() => vscode.window.activeTerminal?.name.startsWith('AnsFlow Debug:'), 'the run terminal shown');
      assert.equal(existsSync(join(dir(), 'after.txt')), false);
      await session.customRequest('restartFrame', { frameId: frame.id });
      await ended;
      assert.equal(readFileSync(join(dir(), 'after.txt'), 'utf8'), 'done\n');
      const out = seen.filter((m) => m.event === 'output').map((m) => m.body?.output ?? '').join('');
      assert.match(out, /^\[flaky\] console-probe-1$/m);
      assert.match(out, /^\[flaky\] failed \(attempt 1\): exited with code 7$/m);
    } finally {
      tracker.dispose();
    }
  });

  test('(e2e) debug: the Debug pipeline code lens starts a session that runs the pipeline', async () => {
    const file = join(dir(), 'lens.ansflow.yaml');
    writeFileSync(file, `version: 1\nsteps:\n  only:\n    type: shell\n    with: { run: 'echo lens > lens.txt' }\n`);
    const uri = vscode.Uri.file(file);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const lens = (await waitFor(async () => {
      const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
      return (all ?? []).find((l) => l.command?.command === 'ansflow.debugPipeline');
    }, 'the Debug pipeline lens'))!;
    const ended = new Promise<string>((r) => {
      const sub = vscode.debug.onDidTerminateDebugSession((s) => {
        sub.dispose();
        r(s.type);
      });
    });
    assert.equal(await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? [])), true);
    assert.equal(await ended, 'ansflow');
    assert.equal(readFileSync(join(dir(), 'lens.txt'), 'utf8'), 'lens\n');
  });
});
