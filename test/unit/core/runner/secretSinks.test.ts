import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../../src/cli/runCli.js';
import { RunStore, StaticSecretProvider, runPipeline } from '../../../../src/core/runner/index.js';
import { maskError, maskKnownSecrets, rememberSecrets } from '../../../../src/core/runner/masking/knownSecrets.js';
import { removeStaleRunFolders, runFolderPath } from '../../../../src/core/runner/runFolder.js';
import { ToolError } from '../../../../src/core/contracts/result.js';
import type { StepType } from '../../../../src/core/contracts/StepType.js';
import type { RunEvent } from '../../../../src/core/contracts/events.js';
import { memoryIO } from '../../helpers/memoryIO.js';
import { pipeline, sh, step } from './helpers/pipelines.js';

const R = { start: 0, end: 0 };
const secretSpec = (name: string) => ({ name, source: { kind: 'env' as const, variable: name }, required: true, range: R, nameRange: R });

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? allFiles(join(dir, n)) : [join(dir, n)]));
}

/** Every recognisable piece of a secret: plain head and tail, base64 and JSON fragments. */
function traces(secret: string): string[] {
  const b64 = Buffer.from(secret).toString('base64');
  const head = secret.slice(0, Math.min(secret.length, 64));
  return [head, secret.slice(-Math.min(secret.length, 64)), b64.slice(4, 68), JSON.stringify(secret).slice(1, 65)].filter((t) => t.length >= 8);
}

function assertClean(where: string, text: string, secrets: string[]): void {
  for (const s of secrets) for (const t of traces(s)) assert.ok(!text.includes(t), `${where} contains ${JSON.stringify(t.slice(0, 24))}…`);
}

// A kubeconfig-sized secret: one long base64 line, the size that made the old masker's regular
// expression too large (and the error then printed the secret).
const BIG = `apiVersion: v1\nusers:\n- name: admin\n  user:\n    client-key-data: ${randomBytes(24 * 1024).toString('base64')}\n`;
const KEY = 'tok_9f8e7d6c5b4a';

const PIPELINE = `version: 1
name: sinks
secrets:
  BIG: { from: env, env: BIG }
  KEY: { from: env, env: KEY }
steps:
  leak:
    type: shell
    env:
      B: \${{ secrets.BIG }}
      K: \${{ secrets.KEY }}
    with:
      run: |
        printf 'plain %s\\n' "$B"
        printf '%s' "$B" | base64 -w0; echo
        python3 -c 'import json, os; print(json.dumps({"kubeconfig": os.environ["B"]}))'
        echo "$K=named-by-a-secret" >> "$ANSFLOW_OUTPUT"
        echo "value=$K" >> "$ANSFLOW_OUTPUT"
        printf '%s' "$B" >&2
  per:
    type: shell
    matrix:
      target: [${KEY}, other]
    with:
      run: echo "target \${{ matrix.target }}"
  fail:
    type: shell
    needs: leak
    env:
      K: \${{ secrets.KEY }}
    with:
      run: echo "bad credentials $K" >&2; exit 3
`;

test('(unit) a 24 KB secret and a secret used as an output name and matrix value reach no sink: terminal, log files, run store, events file, history --json, logs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-sinks-'));
  writeFileSync(join(dir, 'p.ansflow.yaml'), PIPELINE);
  const io = memoryIO(dir, { PATH: process.env.PATH, BIG, KEY });
  const code = await runCli(['run', 'p.ansflow.yaml', '--events', join(dir, 'events.jsonl')], io);
  const secrets = [BIG, KEY];
  assertClean('terminal stderr', io.err(), secrets);
  assert.equal(code, 1, io.err().slice(0, 300));
  assertClean('terminal stdout', io.out(), secrets);
  assert.match(io.out(), /plain \*\*\*/);
  const events = readFileSync(join(dir, 'events.jsonl'), 'utf8');
  assertClean('events file', events, secrets);
  assert.match(events, /"name":"\*\*\*"/, 'the output named by a secret is there, masked');
  for (const f of allFiles(join(dir, '.ansflow'))) {
    assertClean(f, f, secrets);
    assertClean(f, readFileSync(f, 'utf8'), secrets);
  }
  const h = memoryIO(dir);
  assert.equal(await runCli(['history', '--json'], h), 0);
  assertClean('history --json', h.out(), secrets);
  const runId = JSON.parse(h.out())[0].runId as string;
  const one = memoryIO(dir);
  await runCli(['history', runId, '--json'], one);
  assertClean('history <run> --json', one.out() + one.err(), secrets);
  for (const s of ['leak', 'fail']) {
    const l = memoryIO(dir);
    await runCli(['logs', runId, s], l);
    assertClean(`logs ${s}`, l.out() + l.err(), secrets);
  }
});

test('(unit) step failure messages and internal errors are masked in events, the store and the summary', async () => {
  const secret = randomBytes(24 * 1024).toString('base64');
  const throwing: StepType = {
    type: 'throws',
    run: async (ctx) => {
      // Output first: the old masker's expression failed once the engine compiled it for real use.
      for (let i = 0; i < 50; i++) ctx.log('stdout', `using ${secret}\n`);
      throw new Error(`login failed for password ${secret}`);
    },
  };
  const badValidate: StepType = { type: 'validates', validate: () => { throw new ToolError('invalid-input', `cannot parse ${secret}`); }, run: async () => ({ exitCode: 0 }) };
  const failing: StepType = { type: 'fails', run: async () => ({ exitCode: 1, message: `server said: token ${secret} expired` }) };
  const stepTypes = new Map<string, StepType>([['throws', throwing], ['validates', badValidate], ['fails', failing]]);
  const root = mkdtempSync(join(tmpdir(), 'ansflow-errmask-'));
  const store = new RunStore({ root });
  const h = runPipeline(pipeline([step('a', { type: 'throws' }), step('b', { type: 'validates' }), step('c', { type: 'fails' })], { secrets: [secretSpec('S')] }), {
    store,
    stepTypes,
    workspace: root,
    secrets: new StaticSecretProvider({ S: secret }),
  });
  const events: RunEvent[] = [];
  h.onEvent((e) => events.push(e));
  const summary = await h.done;
  const reasons = summary.steps.map((s) => s.reason ?? '');
  assert.ok(reasons.every((r) => r.includes('***')), JSON.stringify(reasons));
  assertClean('summary', JSON.stringify(summary), [secret]);
  assertClean('events', JSON.stringify(events), [secret]);
  for (const f of allFiles(root)) assertClean(f, readFileSync(f, 'utf8'), [secret]);
});

test('(unit) errors caught far from their run are masked with the secrets of this process (maskError keeps ToolError)', () => {
  const secret = 'sk-process-wide-4242';
  rememberSecrets([secret]);
  assert.equal(maskKnownSecrets(`x ${secret} y`), 'x *** y');
  const e = maskError(new ToolError('invalid-input', `bad ${secret}`, `hint ${secret}`));
  assert.ok(e instanceof ToolError);
  assert.equal(e.message, 'bad ***');
  assert.equal(e.hint, 'hint ***');
  assert.ok(!e.stack!.includes(secret));
});

test('(unit) the run temp folder is 0700 with 0600 outputs files, and is gone after the run', async () => {
  const root = mkdtempSync(join(tmpdir(), 'ansflow-tmpmode-'));
  const run = 'd=$(dirname "$ANSFLOW_OUTPUT"); echo "dir=$(stat -c %a "$d")" >> "$ANSFLOW_OUTPUT"; echo "file=$(stat -c %a "$ANSFLOW_OUTPUT")" >> "$ANSFLOW_OUTPUT"; echo "path=$d" >> "$ANSFLOW_OUTPUT"';
  const s = await runPipeline(pipeline([sh('modes', run)]), { workspace: root }).done;
  assert.equal(s.status, 'success', s.steps[0]?.reason);
  const out = s.steps[0]!.outputs;
  assert.equal(out.dir, '700');
  assert.equal(out.file, '600');
  assert.ok(out.path!.startsWith(tmpdir()));
  assert.ok(!existsSync(out.path!), 'removed after the run');
});

test('(unit) a run removes temp folders left by runners that died, and keeps those of live ones', async () => {
  const dead = spawn('true');
  await new Promise((r) => dead.on('exit', r));
  const live = spawn('sleep', ['30']);
  try {
    const stale = runFolderPath('20260101-000000-dead00', dead.pid!);
    const kept = runFolderPath('20260101-000000-live00', live.pid!);
    for (const d of [stale, kept]) {
      mkdirSync(d, { recursive: true, mode: 0o700 });
      writeFileSync(join(d, 'script.sh'), 'echo secret', { mode: 0o600 });
    }
    const s = await runPipeline(pipeline([sh('a', 'true')]), { workspace: mkdtempSync(join(tmpdir(), 'ansflow-stale-')) }).done;
    assert.equal(s.status, 'success');
    assert.ok(!existsSync(stale), 'the dead runner’s folder is removed');
    assert.ok(existsSync(kept), 'a live runner’s folder is kept');
    assert.deepEqual(removeStaleRunFolders(), []);
  } finally {
    live.kill();
  }
});
