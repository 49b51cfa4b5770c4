/// <reference types="mocha" />
// Approval gates answered without the notification: the graph editor lists the waiting gate of a run of
// its file and answers it through the same message the node's Approve button posts (sent here through
// the `ansflow.graphAutomation` command, which validates and handles it as a webview message); the Runs
// view's Reject Step command answers another run's gate. Each run then finishes as decided.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { getExtension, waitFor, workspaceRoot } from './helpers.js';

interface GraphState {
  graph?: unknown;
  status?: { statuses: Record<string, string>; runId?: string };
  approvals?: { approvals: Array<{ id: string; step: string; stepId: string; message: string }> };
  notice?: { message: string };
}

interface RunState {
  status: string;
  steps: Array<{ step: string; status: string; approval?: string }>;
}

const state = (uri: vscode.Uri, message?: unknown) => vscode.commands.executeCommand<GraphState | undefined>('ansflow.graphAutomation', uri, message);
const runState = (runId: string) => vscode.commands.executeCommand<RunState | undefined>('ansflow.getRunState', runId);

const PIPELINE = `version: 1
name: e2e-gate
steps:
  build:
    type: shell
    with: { run: echo built }
  gate:
    type: approval
    needs: build
    with: { message: Ship the build? }
  deploy:
    type: shell
    needs: gate
    with: { run: echo deployed }
`;

suite('approval gates from the graph and the Runs view', () => {
  let file: vscode.Uri;

  suiteSetup(async () => {
    await getExtension().activate();
    file = vscode.Uri.joinPath(workspaceRoot(), 'e2e-approval.ansflow.yaml');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(PIPELINE));
    await vscode.commands.executeCommand('vscode.openWith', file, 'ansflow.graph');
    await waitFor(async () => (await state(file))?.graph, 'the graph of the gated pipeline');
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  /** Starts a run of the file and waits until its gate is listed on the graph, waiting. */
  async function runToGate(): Promise<{ runId: string; id: string }> {
    const runId = await vscode.commands.executeCommand<string | undefined>('ansflow.runPipeline', file);
    assert.ok(runId, 'the run started');
    const gate = await waitFor(async () => {
      const s = await state(file);
      const g = s?.approvals?.approvals.find((a) => a.stepId === 'gate');
      return g && s?.status?.runId === runId && s.status.statuses.gate === 'waiting' ? g : undefined;
    }, 'the gate waiting on the graph', 60_000);
    assert.equal(gate!.message, 'Ship the build?');
    assert.equal((await runState(runId!))?.steps.find((s) => s.step === 'deploy')?.status, 'queued');
    return { runId: runId!, id: gate!.id };
  }

  test('(e2e) approval: the graph node answers the pending gate (Approve) and the run finishes', async () => {
    const { runId, id } = await runToGate();
    // A malformed answer is dropped on arrival: the gate still waits.
    await state(file, { type: 'answerApproval', id, decision: 'maybe' });
    assert.equal((await state(file))?.approvals?.approvals.length, 1);
    await state(file, { type: 'answerApproval', id, decision: 'approved' });
    const done = await waitFor(async () => {
      const r = await runState(runId);
      return r && r.status !== 'running' ? r : undefined;
    }, 'the run to finish', 60_000);
    assert.equal(done!.status, 'success');
    assert.equal(done!.steps.find((s) => s.step === 'gate')?.approval, 'approved');
    assert.equal(done!.steps.find((s) => s.step === 'deploy')?.status, 'success');
    await waitFor(async () => (await state(file))?.approvals?.approvals.length === 0, 'the gate cleared from the graph');
    // Answered once: a second answer of the same request only says so.
    await state(file, { type: 'answerApproval', id, decision: 'rejected' });
    assert.match((await state(file))?.notice?.message ?? '', /no longer waiting/);
  });

  test("(e2e) approval: Reject Step (the Runs view's inline action) rejects the gate; the run fails and deploy never runs", async () => {
    const { runId } = await runToGate();
    const answered = await vscode.commands.executeCommand<string | undefined>('ansflow.rejectStep', runId, 'gate');
    assert.ok(answered, 'the command found the waiting gate');
    const done = await waitFor(async () => {
      const r = await runState(runId);
      return r && r.status !== 'running' ? r : undefined;
    }, 'the run to finish', 60_000);
    assert.equal(done!.status, 'failed');
    assert.equal(done!.steps.find((s) => s.step === 'gate')?.approval, 'rejected');
    assert.notEqual(done!.steps.find((s) => s.step === 'deploy')?.status, 'success');
    await waitFor(async () => (await state(file))?.approvals?.approvals.length === 0, 'the gate cleared from the graph');
  });
});
