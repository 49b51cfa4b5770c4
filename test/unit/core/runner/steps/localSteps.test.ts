import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { runPipeline, PresetApprover } from '../../../../../src/core/runner/index.js';
import { pipeline, step } from '../helpers/pipelines.js';
import type { RunEvent } from '../../../../../src/core/contracts/events.js';

function ws(): string {
  return mkdtempSync(join(tmpdir(), 'ansflow-steps-'));
}

async function runSteps(dir: string, steps: ReturnType<typeof step>[], opts: Parameters<typeof runPipeline>[1] = {}) {
  const h = runPipeline(pipeline(steps, { params: [{ name: 'who', type: 'string', default: 'world', required: false, range: { start: 0, end: 0 }, nameRange: { start: 0, end: 0 } }] }), { workspace: dir, logBatchMs: 5, ...opts });
  const events: RunEvent[] = [];
  h.onEvent((e) => events.push(e));
  const summary = await h.done;
  return { summary, events, log: (k: string) => events.filter((e) => e.type === 'step-log' && e.step === k).map((e) => (e as { text: string }).text).join('') };
}

test('(unit) file step: write, template, copy, move, archive/extract (tar.gz and zip), backup with retention, delete', async () => {
  const dir = ws();
  mkdirSync(join(dir, 'src', 'sub'), { recursive: true });
  writeFileSync(join(dir, 'src', 'a.txt'), 'A');
  writeFileSync(join(dir, 'src', 'sub', 'b.txt'), 'B');
  writeFileSync(join(dir, 'greet.tpl'), 'hello ${{ params.who }}\n');
  const f = (id: string, w: Record<string, unknown>, needs: string[] = []) => step(id, { type: 'file', with: w, needs });
  const { summary } = await runSteps(dir, [
    f('write', { action: 'write', dest: 'out/w.txt', content: 'written' }),
    f('tpl', { action: 'template', src: 'greet.tpl', dest: 'out/greet.txt' }),
    f('copy', { action: 'copy', src: 'src', dest: 'copy' }),
    f('tgz', { action: 'archive', src: 'src', dest: 'out/src.tar.gz' }, ['copy']),
    f('zip', { action: 'archive', src: 'src', dest: 'out/src.zip' }, ['copy']),
    f('untgz', { action: 'extract', src: 'out/src.tar.gz', dest: 'x1' }, ['tgz']),
    f('unzip', { action: 'extract', src: 'out/src.zip', dest: 'x2' }, ['zip']),
    f('move', { action: 'move', src: 'copy/a.txt', dest: 'moved/a.txt' }, ['tgz', 'zip']),
    f('b1', { action: 'backup', src: 'greet.tpl', dest: 'bk', keep: 2 }, ['tpl']),
    f('b2', { action: 'backup', src: 'greet.tpl', dest: 'bk', keep: 2 }, ['b1']),
    f('b3', { action: 'backup', src: 'greet.tpl', dest: 'bk', keep: 2 }, ['b2']),
    f('del', { action: 'delete', src: ['x1/sub'] }, ['untgz']),
  ]);
  assert.equal(summary.status, 'success', JSON.stringify(summary.steps.filter((s) => s.status !== 'success')));
  assert.equal(readFileSync(join(dir, 'out/w.txt'), 'utf8'), 'written');
  assert.equal(readFileSync(join(dir, 'out/greet.txt'), 'utf8'), 'hello world\n');
  assert.equal(readFileSync(join(dir, 'x1/a.txt'), 'utf8'), 'A');
  assert.equal(readFileSync(join(dir, 'x2/sub/b.txt'), 'utf8'), 'B');
  assert.equal(readFileSync(join(dir, 'moved/a.txt'), 'utf8'), 'A');
  assert.ok(!existsSync(join(dir, 'copy/a.txt')));
  assert.ok(!existsSync(join(dir, 'x1/sub')));
  const backups = readdirSync(join(dir, 'bk'));
  assert.equal(backups.length, 2);
  assert.ok(backups.every((b) => /^greet-\d{8}-\d{6}(-\d+)?\.tpl$/.test(b)));
});

test('(unit) file step: paths outside the workspace are refused; bad params are reported before running', async () => {
  const dir = ws();
  const { summary } = await runSteps(dir, [step('out', { type: 'file', with: { action: 'delete', src: '../elsewhere' } }), step('bad', { type: 'file', with: { action: 'archive', src: 'a', dest: 'a.rar' } })]);
  assert.match(summary.steps[0]!.reason!, /not inside the workspace/);
  assert.match(summary.steps[1]!.reason!, /with\.format/);
});

test('(unit) python and node steps: inline scripts with args; a missing interpreter says what to install', async () => {
  const dir = ws();
  const { summary, log } = await runSteps(dir, [
    step('py', { type: 'python', with: { script: 'import sys; print("py", sys.argv[1:])', args: ['a', 'b'] } }),
    step('js', { type: 'node', with: { script: 'console.log("js", process.argv.slice(1).join(","))', args: ['x'] } }),
    step('nopy', { type: 'python', with: { script: 'pass', interpreter: 'python-does-not-exist' } }),
  ]);
  assert.equal(summary.steps[0]!.status, 'success');
  assert.match(log('py'), /py \['a', 'b'\]/);
  assert.match(log('js'), /js x/);
  assert.equal(summary.steps[2]!.status, 'failed');
  assert.match(summary.steps[2]!.reason!, /not found[\s\S]*Install Python 3/);
});

test('(unit) notify step: webhook and Slack JSON against a local HTTP server, failure on HTTP 500', async () => {
  const received: Array<{ url: string; body: string; type: string }> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ url: req.url!, body, type: String(req.headers['content-type']) });
      res.statusCode = req.url === '/fail' ? 500 : 200;
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  try {
    const { summary } = await runSteps(ws(), [
      step('hook', { type: 'notify', with: { kind: 'webhook', url: `${base}/hook`, body: { run: '${{ run.id }}', ok: true } } }),
      step('slack', { type: 'notify', with: { kind: 'slack', url: `${base}/slack`, message: 'deployed ${{ params.who }}', channel: '#ops' } }),
      step('fail', { type: 'notify', with: { kind: 'webhook', url: `${base}/fail`, message: 'x' } }),
    ]);
    assert.equal(summary.steps[0]!.status, 'success');
    assert.equal(summary.steps[1]!.status, 'success');
    assert.equal(summary.steps[2]!.status, 'failed');
    assert.match(summary.steps[2]!.reason!, /500/);
    const slack = received.find((r) => r.url === '/slack')!;
    assert.deepEqual(JSON.parse(slack.body), { text: 'deployed world', channel: '#ops' });
    assert.equal(slack.type, 'application/json');
    assert.equal(JSON.parse(received.find((r) => r.url === '/hook')!.body).ok, true);
  } finally {
    server.close();
  }
});

test('(unit) notify step: email through a local SMTP sink', async () => {
  const transcript: string[] = [];
  const sink = createTcpServer((sock) => {
    let buf = '';
    let inData = false;
    sock.write('220 sink ESMTP\r\n');
    sock.on('data', (d) => {
      buf += d.toString();
      let i: number;
      while ((i = buf.indexOf('\r\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        transcript.push(line);
        if (inData) {
          if (line === '.') {
            inData = false;
            sock.write('250 queued\r\n');
          }
          continue;
        }
        const cmd = line.split(' ')[0]!.toUpperCase();
        if (cmd === 'EHLO') sock.write('250-sink\r\n250 AUTH PLAIN\r\n');
        else if (cmd === 'AUTH') sock.write('235 ok\r\n');
        else if (cmd === 'DATA') {
          inData = true;
          sock.write('354 go\r\n');
        } else if (cmd === 'QUIT') sock.end('221 bye\r\n');
        else sock.write('250 ok\r\n');
      }
    });
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
  const port = (sink.address() as { port: number }).port;
  try {
    const { summary } = await runSteps(ws(), [
      step('mail', { type: 'notify', with: { kind: 'email', smtp: { host: '127.0.0.1', port, user: 'u', password: 'p' }, from: 'ci@example.test', to: ['a@example.test', 'b@example.test'], subject: 'Run done', message: 'all good\n.hidden dot' } }),
    ]);
    assert.equal(summary.steps[0]!.status, 'success', summary.steps[0]!.reason);
    assert.ok(transcript.includes('MAIL FROM:<ci@example.test>'));
    assert.ok(transcript.includes('RCPT TO:<b@example.test>'));
    assert.ok(transcript.includes('Subject: Run done'));
    assert.ok(transcript.includes('..hidden dot'));
  } finally {
    sink.close();
  }
});

test('(unit) approval step: approved by preset, rejected without one', async () => {
  const dir = ws();
  const a = await runSteps(dir, [step('gate', { type: 'approval', with: { message: 'ship?' } })], { approver: new PresetApprover({ all: true }) });
  assert.equal(a.summary.steps[0]!.status, 'success');
  const r = await runSteps(dir, [step('gate', { type: 'approval', with: { message: 'ship?' } })], { approver: new PresetApprover({}) });
  assert.equal(r.summary.steps[0]!.status, 'failed');
  assert.ok(r.events.some((e) => e.type === 'approval-requested'));
  assert.match(r.log('gate'), /--approve gate/);
});

test('(unit) file step: globs in src for copy, archive and delete', async () => {
  const dir = ws();
  mkdirSync(join(dir, 'logs', 'old'), { recursive: true });
  writeFileSync(join(dir, 'logs', 'a.log'), 'a');
  writeFileSync(join(dir, 'logs', 'old', 'b.log'), 'b');
  writeFileSync(join(dir, 'logs', 'keep.txt'), 'k');
  const f = (id: string, w: Record<string, unknown>, needs: string[] = []) => step(id, { type: 'file', with: w, needs });
  const { summary } = await runSteps(dir, [
    f('copy', { action: 'copy', src: 'logs/**/*.log', dest: 'copied' }),
    f('tar', { action: 'archive', src: ['logs/**/*.log', 'logs/keep.txt'], dest: 'all.tgz' }, ['copy']),
    f('untar', { action: 'extract', src: 'all.tgz', dest: 'x' }, ['tar']),
    f('del', { action: 'delete', src: 'logs/**/*.log' }, ['untar']),
  ]);
  assert.equal(summary.status, 'success', JSON.stringify(summary.steps.map((s) => s.reason)));
  assert.equal(readFileSync(join(dir, 'copied', 'old', 'b.log'), 'utf8'), 'b');
  assert.equal(readFileSync(join(dir, 'x', 'logs', 'old', 'b.log'), 'utf8'), 'b');
  assert.equal(readFileSync(join(dir, 'x', 'logs', 'keep.txt'), 'utf8'), 'k');
  assert.ok(!existsSync(join(dir, 'logs', 'a.log')) && !existsSync(join(dir, 'logs', 'old', 'b.log')));
  assert.ok(existsSync(join(dir, 'logs', 'keep.txt')));
});
