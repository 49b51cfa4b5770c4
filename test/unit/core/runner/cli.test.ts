import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../../src/cli/runCli.js';
import { memoryIO } from '../../helpers/memoryIO.js';

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? allFiles(join(dir, n)) : [join(dir, n)]));
}

const OK = `version: 1
name: cli-ok
params:
  who:
    type: string
    default: world
steps:
  hello:
    type: shell
    with:
      run: |
        echo "hello \${{ params.who }}"
        echo "greeting=hi" >> "$ANSFLOW_OUTPUT"
  after:
    type: shell
    needs: hello
    with:
      run: echo "got \${{ steps.hello.outputs.greeting }}"
`;

test('(unit) ansflow run: prefixed output, summary table, exit 0; history and logs read the run back', async () => {
  const dir = workspace({ 'p.ansflow.yaml': OK });
  const io = memoryIO(dir, { PATH: process.env.PATH });
  assert.equal(await runCli(['run', 'p.ansflow.yaml', '--param', 'who=cli'], io), 0, io.err());
  const out = io.out();
  assert.match(out, /^hello\s+│ hello cli$/m);
  assert.match(out, /^after\s+│ got hi$/m);
  assert.match(out, /STEP\s+STATUS\s+ATTEMPTS\s+DURATION/);
  assert.match(out, /SUCCESS in/);
  assert.ok(!out.includes('\x1b['), 'no colour when stdout is not a TTY');

  const h = memoryIO(dir);
  assert.equal(await runCli(['history', '--json'], h), 0);
  const runs = JSON.parse(h.out());
  assert.equal(runs.length, 1);
  assert.equal(runs[0].status, 'success');
  const l = memoryIO(dir);
  assert.equal(await runCli(['logs', runs[0].runId, 'hello'], l), 0);
  assert.equal(l.out(), 'hello cli\n');
  const one = memoryIO(dir);
  assert.equal(await runCli(['history', 'latest'], one), 0);
  assert.match(one.out(), /after\s+success\s+1/);
});

test('(unit) ansflow run: an invalid pipeline exits 2 with file:line:col diagnostics and runs nothing', async () => {
  const dir = workspace({ 'bad.ansflow.yaml': 'version: 1\nsteps:\n  a:\n    type: shell\n    needs: nope\n    with:\n      run: touch ran\n' });
  const io = memoryIO(dir);
  assert.equal(await runCli(['run', 'bad.ansflow.yaml'], io), 2);
  assert.match(io.err(), /bad\.ansflow\.yaml:5:\d+: error \[unknown-need\]/);
  assert.ok(!readdirSync(dir).includes('ran'));
  const missing = memoryIO(dir);
  assert.equal(await runCli(['run', 'nope.yaml'], missing), 2);
  const usage = memoryIO(dir);
  assert.equal(await runCli(['run', 'bad.ansflow.yaml', '--param', 'novalue'], usage), 2);
});

test('(unit) ansflow run: a failing step exits 1; approval without a TTY fails with the flag to pass, --approve passes it', async () => {
  const dir = workspace({
    'f.ansflow.yaml': 'version: 1\nname: f\nsteps:\n  boom:\n    type: shell\n    with:\n      run: exit 7\n',
    'g.ansflow.yaml': 'version: 1\nname: g\nsteps:\n  gate:\n    type: approval\n    with:\n      message: Ship it?\n  ship:\n    type: shell\n    needs: gate\n    with:\n      run: echo shipped\n',
  });
  const f = memoryIO(dir);
  assert.equal(await runCli(['run', 'f.ansflow.yaml'], f), 1);
  assert.match(f.out(), /boom\s+failure\s+1/);
  const g = memoryIO(dir);
  assert.equal(await runCli(['run', 'g.ansflow.yaml'], g), 1);
  assert.match(g.out(), /--approve gate/);
  const ok = memoryIO(dir);
  assert.equal(await runCli(['run', 'g.ansflow.yaml', '--approve', 'gate'], ok), 0, ok.out());
  assert.match(ok.out(), /ship\s+│ shipped/);
});

test('(unit) ansflow run: secrets from env never appear in CLI output, --events, logs or history files', async () => {
  const secret = 'tok_9f8e7d6c5b4a3210';
  const dir = workspace({
    's.ansflow.yaml': `version: 1
name: s
secrets:
  api_token:
    env: API_TOKEN
steps:
  use:
    type: shell
    env:
      TOKEN: \${{ secrets.api_token }}
    with:
      run: |
        echo "token is $TOKEN"
        printf '%s' "$TOKEN" | base64
        echo "t=$TOKEN" >> "$ANSFLOW_OUTPUT"
        echo "bad $TOKEN" >&2
        exit 3
`,
  });
  const events = join(dir, 'events.jsonl');
  const io = memoryIO(dir, { PATH: process.env.PATH, API_TOKEN: secret });
  assert.equal(await runCli(['run', 's.ansflow.yaml', '--events', events], io), 1);
  const hay = [io.out(), io.err(), readFileSync(events, 'utf8'), ...allFiles(join(dir, '.ansflow')).map((f) => readFileSync(f, 'utf8'))];
  assert.match(io.out(), /token is \*\*\*/);
  for (const h of hay) {
    assert.ok(!h.includes(secret));
    assert.ok(!h.includes(Buffer.from(secret).toString('base64')));
  }
  const hist = memoryIO(dir);
  await runCli(['history', 'latest', '--json'], hist);
  assert.ok(!hist.out().includes(secret));
});

test('(unit) ansflow plan: waves with resolved params, unknown outputs left as written', async () => {
  const dir = workspace({ 'p.ansflow.yaml': OK });
  const io = memoryIO(dir);
  assert.equal(await runCli(['plan', 'p.ansflow.yaml', '--param', 'who=plan'], io), 0, io.err());
  assert.match(io.out(), /wave 1\n\s+hello/);
  assert.match(io.out(), /wave 2\n\s+after/);
  assert.match(io.out(), /hello plan/);
  assert.match(io.out(), /steps\.hello\.outputs\.greeting/);
});
