// The helm and ansible client wrappers over the one process runner: what each adds (helm's stderr
// per line, Ansible's install hint) and that a cancel reaches the wrapped tool's process group.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runToolCommand as runHelmCommand } from '../../../../src/core/clients/helm/runToolCommand.js';
import { runToolCommand as runAnsibleCommand } from '../../../../src/core/clients/ansible/runToolCommand.js';
import { CancellationError, ToolError } from '../../../../src/core/contracts/result.js';
import { alive, waitFor } from './processProbe.js';

test('(unit) helm runToolCommand: stderr arrives as whole lines, the last one without a newline too', async () => {
  const lines: string[] = [];
  const out = await runHelmCommand({ command: 'sh', args: ['-c', 'printf "one\\ntw" >&2; printf "o\\nthree" >&2; echo done'], parse: (o, _e, code) => `${o.trim()}:${code}` }, { onStderrLine: (l) => lines.push(l) });
  assert.equal(out, 'done:0');
  assert.deepEqual(lines, ['one', 'two', 'three']);
});

test('(unit) ansible runToolCommand: a missing ansible binary says to install ansible-core', async () => {
  await assert.rejects(
    runAnsibleCommand({ command: 'ansible-playbook-ansflow-missing', args: [], parse: () => 0 }),
    (e: unknown) => e instanceof ToolError && e.code === 'tool-not-found' && /ansible-core/.test(e.hint ?? ''),
  );
});

for (const [name, run] of [
  ['helm', runHelmCommand],
  ['ansible', runAnsibleCommand],
] as const) {
  test(`(unit) ${name} runToolCommand: cancel ends the tool's whole process group`, { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ansflow-wrap-'));
    const pidFile = join(dir, 'worker.pid');
    // A worker that ignores SIGTERM, as a plugin or forked worker might.
    const script = `(trap '' TERM; echo $BASHPID > "${pidFile}.tmp"; mv "${pidFile}.tmp" "${pidFile}"; while :; do sleep 1; done) & wait`;
    const abort = new AbortController();
    const done = run({ command: 'bash', args: ['-c', script], parse: () => 'finished' }, { signal: abort.signal, killGraceMs: 300 });
    await waitFor(() => existsSync(pidFile), 'the worker');
    const pid = Number(readFileSync(pidFile, 'utf8'));
    abort.abort();
    await assert.rejects(done, (e: unknown) => e instanceof CancellationError);
    await waitFor(() => !alive(pid), `worker ${pid} to be gone`);
  });
}
