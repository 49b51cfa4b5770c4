// The engine rig itself: test/infra/with-engines.sh run over a folder of stand-in engine scripts whose
// "daemons" are real processes (one ignores SIGTERM), so ordering, requires, env hand-over, CI failure and
// stop-by-PID (TERM, then KILL) are checked for real. Needs no engine, only bash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const WITH_ENGINES = resolve('test/infra/with-engines.sh');

const ENGINES: Record<string, string> = {
  '10-alpha.sh': `# engine: alpha
case "$1" in
  start)
    setsid sleep 300 </dev/null >/dev/null 2>&1 &
    record_pid $!
    setsid bash -c 'trap "" TERM; while :; do sleep 0.1; done' </dev/null >/dev/null 2>&1 &
    record_pid $!
    export_env ALPHA_READY "yes please"
    provide alpha ;;
  cleanup) echo cleaned >"$STATE/cleaned" ;;
esac`,
  '20-beta.sh': `# engine: beta
# requires: alpha
case "$1" in
  start)
    echo "$ALPHA_READY" >"$STATE/saw-alpha"
    setsid sleep 300 </dev/null >/dev/null 2>&1 &
    record_pid $!
    provide beta ;;
esac`,
  '30-gamma.sh': `# engine: gamma
# requires: nothing-provides-this
case "$1" in start) touch "$STATE/started" ;; esac`,
  '40-delta.sh': `# engine: delta
case "$1" in start) echo "delta broke on purpose" >&2; exit 3 ;; esac`,
};

function makeRig(): { dir: string; engines: string; run: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-rig-'));
  const engines = join(dir, 'engines');
  mkdirSync(engines);
  for (const [name, body] of Object.entries(ENGINES)) {
    writeFileSync(join(engines, name), `#!/usr/bin/env bash\nset -euo pipefail\n. "$ANSFLOW_TEST_LIB"\n${body}\n`);
  }
  return { dir, engines, run: join(dir, 'run') };
}

/** The parent's env without this run's engine coordinates, so the nested rig starts from nothing. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('ANSFLOW_TEST_') && k !== 'CI') env[k] = v;
  return { ...env, ANSFLOW_TEST_SKIP_INSTALL: '1', ANSFLOW_TEST_STOP_GRACE: '1', ...extra };
}

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runRig(env: NodeJS.ProcessEnv, cmd: string, onSpawn?: (pid: number) => void): Promise<Outcome> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('bash', [WITH_ENGINES, 'bash', '-c', cmd], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
    if (child.pid) onSpawn?.(child.pid);
  });
}

/** Alive = exists and is not a zombie waiting for its (re)parent to reap it. */
function alive(pid: number): boolean {
  try {
    return !/^State:\s*Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

function pidsOf(run: string, engine: string): number[] {
  return readFileSync(join(run, 'engines', engine, 'pids'), 'utf8').split('\n').filter(Boolean).map(Number);
}

test('(integration) with-engines starts engines in order, hands env on, skips unmet requires and stops every PID', async (t) => {
  const rig = makeRig();
  t.after(() => rmSync(rig.dir, { recursive: true, force: true }));
  const out = await runRig(
    cleanEnv({ ANSFLOW_TEST_ENGINES_DIR: rig.engines, ANSFLOW_TEST_RUN_DIR: rig.run }),
    'echo "engines=$ANSFLOW_TEST_ENGINES alpha=$ALPHA_READY"; exit 7',
  );
  assert.equal(out.code, 7, out.stderr);
  assert.match(out.stdout, /^engines=alpha beta alpha=yes please$/m);
  assert.equal(readFileSync(join(rig.run, 'engines', 'beta', 'saw-alpha'), 'utf8'), 'yes please\n');
  assert.equal(existsSync(join(rig.run, 'engines', 'gamma', 'started')), false);
  assert.match(out.stderr, /gamma\s+not started \(needs: nothing-provides-this\)/);
  assert.match(out.stderr, /WARNING: engine 'delta' did NOT come up/);
  assert.match(out.stderr, /delta broke on purpose/);
  assert.match(out.stderr, /ignored TERM for 1s: KILL/);
  const pids = [...pidsOf(rig.run, 'alpha'), ...pidsOf(rig.run, 'beta')];
  assert.equal(pids.length, 3);
  assert.deepEqual(pids.filter(alive), [], 'every recorded PID is stopped');
  assert.equal(readFileSync(join(rig.run, 'engines', 'alpha', 'cleaned'), 'utf8'), 'cleaned\n');
});

test('(integration) with-engines under CI=true fails the run when an engine does not come up, without running the command', async (t) => {
  const rig = makeRig();
  t.after(() => rmSync(rig.dir, { recursive: true, force: true }));
  const marker = join(rig.dir, 'command-ran');
  const out = await runRig(
    cleanEnv({ CI: 'true', ANSFLOW_TEST_ENGINES_DIR: rig.engines, ANSFLOW_TEST_RUN_DIR: rig.run, ANSFLOW_TEST_ENGINES_WANTED: 'alpha delta' }),
    `touch ${JSON.stringify(marker)}`,
  );
  assert.notEqual(out.code, 0);
  assert.equal(existsSync(marker), false);
  assert.match(out.stderr, /engine delta failed to come up \(CI=true\)/);
  assert.match(out.stderr, /delta broke on purpose/);
  assert.equal(existsSync(join(rig.run, 'engines', 'beta')), false, 'beta was not wanted');
  assert.deepEqual(pidsOf(rig.run, 'alpha').filter(alive), []);
});

test('(integration) with-engines stops the command and every engine on SIGINT (Ctrl-C)', async (t) => {
  const rig = makeRig();
  t.after(() => rmSync(rig.dir, { recursive: true, force: true }));
  const started = join(rig.dir, 'command-started');
  const out = await runRig(
    cleanEnv({ ANSFLOW_TEST_ENGINES_DIR: rig.engines, ANSFLOW_TEST_RUN_DIR: rig.run, ANSFLOW_TEST_ENGINES_WANTED: 'alpha beta' }),
    `touch ${JSON.stringify(started)}; exec sleep 60`,
    (pid) => {
      const poll = setInterval(() => {
        if (existsSync(started)) {
          clearInterval(poll);
          process.kill(pid, 'SIGINT');
        }
      }, 50);
    },
  );
  assert.equal(out.code, 130, out.stderr);
  assert.match(out.stderr, /got SIGINT/);
  assert.deepEqual([...pidsOf(rig.run, 'alpha'), ...pidsOf(rig.run, 'beta')].filter(alive), []);
});
