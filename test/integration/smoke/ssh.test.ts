// Smoke test: the ssh engine's sshd takes a login with the generated key and a strictly checked host key,
// refuses another key, listens on loopback only, and hands sessions the test dockerd's DOCKER_HOST.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { engineUp, requireEngine, sshTarget } from '../engines.js';

const run = promisify(execFile);

function sshArgs(key: string, command: string): string[] {
  const s = sshTarget();
  return ['-F', '/dev/null', '-i', key, '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes', '-o', `UserKnownHostsFile=${s.knownHosts}`, '-o', 'StrictHostKeyChecking=yes', '-p', String(s.port), `${s.user}@${s.host}`, command];
}

test('(integration) ssh engine: key login with a checked host key, other keys refused', async (t) => {
  if (!requireEngine(t, 'ssh')) return;
  const s = sshTarget();
  const { stdout } = await run('ssh', sshArgs(s.key, 'echo "$SSH_CONNECTION|$DOCKER_HOST"'));
  const [conn, dockerHost] = stdout.trim().split('|');
  assert.match(conn, new RegExp(`^127\\.0\\.0\\.1 \\d+ 127\\.0\\.0\\.1 ${s.port}$`));
  if (engineUp('docker')) assert.equal(dockerHost, process.env.DOCKER_HOST);
  // The sshd listens on 127.0.0.1 only.
  const listening = execFileSync('ss', ['-Htln', `sport = :${s.port}`], { encoding: 'utf8' }).trim().split('\n');
  assert.deepEqual(listening.map((l) => l.split(/\s+/)[3]), [`127.0.0.1:${s.port}`]);

  const dir = mkdtempSync(join(tmpdir(), 'ansflow-ssh-smoke-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const other = join(dir, 'other');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
  await assert.rejects(run('ssh', sshArgs(other, 'true')), /Permission denied \(publickey\)/);
});
