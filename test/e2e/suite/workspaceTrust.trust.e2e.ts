// Workspace trust in the real workbench: runE2E --trust starts code-server with trust on and opens the
// folder untrusted (restricted mode). AnsFlow still reads pipelines there but runs nothing: run
// commands and code lenses refuse, and the folder's own settings cannot name the programs it would
// run. Every refusal is checked by a marker file a run would have written. Not covered yet: tasks
// (vscode.tasks.fetchTasks did not return in restricted mode here, and executeTask waits on the
// workbench's own modal trust request).
import * as assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { getExtension, waitFor, workspaceRoot } from './helpers';

const PIPELINE = 'trust-probe.ansflow.yaml';
const MARKER = 'trust-marker.txt';

function pipelineUri(): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), PIPELINE);
}

function markerWritten(): boolean {
  return existsSync(vscode.Uri.joinPath(workspaceRoot(), MARKER).fsPath);
}

/**
 * Runs `start` and answers the refusal: the trust notification waits for a choice, and closing it
 * is the answer "no". Resolves with what `start` resolved to (or threw).
 */
async function refused<T>(start: () => Thenable<T>, what: string): Promise<{ value?: T; error?: unknown }> {
  let outcome: { value?: T; error?: unknown } | undefined;
  start().then(
    (value) => (outcome = { value }),
    (error: unknown) => (outcome = { error }),
  );
  await answeringNo(() => outcome, `${what} to be refused`);
  return outcome!;
}

/** Waits for `probe`, closing every notification meanwhile (the trust refusal waits for an answer). */
async function answeringNo<T>(probe: () => T, what: string): Promise<T> {
  return waitFor(async () => {
    await vscode.commands.executeCommand('notifications.clearAll');
    return probe();
  }, what);
}

suite('workspace trust: an untrusted folder runs nothing', () => {
  suiteSetup(async function () {
    this.timeout(120_000);
    await getExtension().activate();
    writeFileSync(pipelineUri().fsPath, `version: 1\nname: trust-probe\nsteps:\n  write:\n    type: shell\n    with:\n      run: echo ran > ${MARKER}\n`);
  });

  test('(e2e) the folder is untrusted and AnsFlow is active in it (limited support)', () => {
    assert.equal(vscode.workspace.isTrusted, false);
    assert.equal(getExtension().isActive, true);
  });

  test('(e2e) run, plan and run-step commands refuse and start no run', async () => {
    for (const [command, args] of [
      ['ansflow.runPipeline', [pipelineUri()]],
      ['ansflow.planPipeline', [pipelineUri()]],
      ['ansflow.runStep', [pipelineUri(), 'write']],
      ['ansflow.debugPipeline', [pipelineUri()]],
    ] as const) {
      const r = await refused(() => vscode.commands.executeCommand<string | undefined>(command, ...args), command);
      assert.equal(r.error, undefined, `${command} threw: ${String(r.error)}`);
      assert.equal(r.value, undefined, `${command} started run ${String(r.value)}`);
    }
    assert.equal(await vscode.commands.executeCommand('ansflow.getRunState'), undefined, 'a run is active');
    assert.equal(markerWritten(), false);
  });

  test('(e2e) code lenses are shown (reading is allowed) but running one does nothing', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(pipelineUri()));
    const lenses = await waitFor(async () => {
      const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', pipelineUri(), 10);
      const run = (all ?? []).filter((l) => l.command?.command.startsWith('ansflow.run') || l.command?.command === 'ansflow.debugPipeline');
      return run.length ? run : undefined;
    }, 'AnsFlow run code lenses');
    assert.ok(lenses);
    for (const lens of lenses) {
      const c = lens.command!;
      const r = await refused(() => vscode.commands.executeCommand(c.command, ...(c.arguments ?? [])), `lens ${c.title}`);
      assert.equal(r.error, undefined, `lens ${c.title} (${c.command}) threw: ${String(r.error)}`);
      assert.equal(r.value, undefined, `lens ${c.title} started ${String(r.value)}`);
    }
    assert.equal(markerWritten(), false);
  });

  test('(e2e) restricted settings from the folder are ignored, the others apply', () => {
    const config = vscode.workspace.getConfiguration('ansflow');
    assert.notEqual(config.get('shell'), '/untrusted/shell');
    assert.notEqual(config.get('helmPath'), '/untrusted/helm');
    // runE2E --trust also wrote a setting that is not restricted: proof the folder's settings were read.
    assert.equal(config.get('concurrency'), 3);
  });
});
