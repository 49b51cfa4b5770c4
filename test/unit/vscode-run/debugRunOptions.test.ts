// (unit) A debug session started the editor's way runs with the editor's run options: a secret kept in
// VS Code's SecretStorage (no `source:`) is asked for as a Run does, and the run lands in the
// workspace's run store under the retention setting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../../../src/vscode/run/engineAdapter.js';
import { DapSession } from '../../../src/core/runner/debug/dap/DapSession.js';
import type { RunRequest } from '../../../src/vscode/run/engine.js';

const TEXT = [
  'version: 1',
  'secrets:',
  '  TOKEN: { description: kept in SecretStorage }',
  'steps:',
  '  check:',
  '    type: shell',
  "    env: { T: '${{ secrets.TOKEN }}' }",
  '    with: { run: \'test "$T" = from-secret-storage\' }',
  '',
].join('\n');

test('(unit) debug run options: SecretStorage secrets come through the request, the run goes to the workspace store', async () => {
  const ws = mkdtempSync(join(tmpdir(), 'ansflow-debug-options-'));
  try {
    const file = join(ws, 'p.ansflow.yaml');
    writeFileSync(file, TEXT);
    const engine = createEngine({ maxRuns: () => 5 });
    const asked: string[] = [];
    const request: RunRequest = {
      file,
      trigger: 'debug',
      params: {},
      dryRun: false,
      concurrency: 2,
      workspaceRoot: ws,
      secret: async (name) => {
        asked.push(name);
        return 'from-secret-storage';
      },
      approve: async () => ({ decision: 'rejected', by: 'nobody' }),
    };
    let seq = 1;
    const session = new DapSession(
      () => undefined,
      () => engine.runOptions(engine.parse(TEXT, file, () => undefined), request),
    );
    for (const [command, args] of [['initialize', {}], ['launch', { pipeline: file }], ['configurationDone', {}]] as const) {
      await session.handle({ seq: seq++, type: 'request', command, arguments: args });
    }
    const summary = (await session.run!.done) as { status: string; runId: string };
    assert.deepEqual(asked, ['TOKEN']);
    assert.equal(summary.status, 'success');
    assert.deepEqual(engine.history(ws).list(5).map((r) => [r.runId, r.trigger]), [[summary.runId, 'debug']]);
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});
