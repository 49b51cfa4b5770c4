/// <reference types="mocha" />
// The run experience in the real extension host with the real runner: Run Pipeline streams into
// its terminal (and we measure step-write → terminal-write latency), a failing step lands in the
// Problems panel at the right lines, the run is recorded in the workspace history the Runs view
// reads, and Cancel Run stops a long step's process.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { getExtension, waitFor, workspaceRoot } from './helpers.js';

interface RunState {
  runId: string;
  pipeline: string;
  status: string;
  steps: Array<{ step: string; status: string; exitCode?: number }>;
  terminalLatencyMs: number[];
}

const DIR = 'e2e-run';

const PIPELINES: Record<string, string> = {
  'ok.ansflow.yaml': `version: 1
name: e2e-ok
steps:
  hello:
    type: shell
    with:
      run: |
        echo "hello from a real step"
        for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
          echo "ansflow-latency-probe:$(date +%s%3N)"
          sleep 0.1
        done
  after:
    type: shell
    needs: [hello]
    with:
      run: echo done
`,
  'fail.ansflow.yaml': `version: 1
name: e2e-fail
steps:
  prepare:
    type: shell
    with:
      run: echo ready
  compile:
    type: shell
    needs: [prepare]
    with:
      run: |
        echo "compiling src/app.c"
        echo "src/app.c:2:10: error: 'y' undeclared (first use in this function)" >&2
        exit 4
`,
  'flaky.ansflow.yaml': `version: 1
name: e2e-flaky
steps:
  first:
    type: shell
    with:
      run: echo first >> trace.txt
  second:
    type: shell
    needs: [first]
    with:
      run: |
        echo second >> trace.txt
        test -f fixed.flag
  unrelated:
    type: shell
    with:
      run: echo unrelated >> trace.txt
`,
  'secret.ansflow.yaml': `version: 1
name: e2e-secret
secrets:
  TOKEN:
    from: env
    env: ANSFLOW_E2E_TOKEN
steps:
  leak:
    type: shell
    with:
      run: |
        echo "token is \${{ secrets.TOKEN }}"
        echo "env token $ANSFLOW_E2E_TOKEN" >&2
        exit 1
`,
  'slow.ansflow.yaml': `version: 1
name: e2e-slow
steps:
  work:
    type: shell
    with:
      run: if [ -f slow.flag ]; then sleep 30; else sleep 0.2; fi
`,
  'jobs.ansflow.yaml': `version: 1
name: e2e-jobs
jobs:
  build:
    steps:
      compile:
        type: shell
        with: { run: echo compile >> jobs-trace.txt }
  test:
    needs: [build]
    steps:
      unit:
        type: shell
        with: { run: echo unit >> jobs-trace.txt }
  docs:
    steps:
      site:
        type: shell
        with: { run: echo site >> jobs-trace.txt }
`,
  'long.ansflow.yaml': `version: 1
name: e2e-long
steps:
  wait:
    type: shell
    with:
      run: |
        echo $$ > long.pid
        sleep 120
`,
};

function uri(name: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), DIR, name);
}

async function state(runId: string): Promise<RunState | undefined> {
  return vscode.commands.executeCommand<RunState | undefined>('ansflow.getRunState', runId);
}

async function runTo(name: string, done: (s: RunState) => boolean, timeoutMs = 30_000): Promise<RunState> {
  const runId = await vscode.commands.executeCommand<string | undefined>('ansflow.runPipeline', uri(name));
  assert.ok(runId, `ansflow.runPipeline started ${name}`);
  const reached = await waitFor(async () => {
    const s = await state(runId);
    return s && done(s) ? s : undefined;
  }, `${name} to reach the expected state`, timeoutMs);
  return reached!;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

suite('run experience', () => {
  suiteSetup(async () => {
    await getExtension().activate();
    const root = join(workspaceRoot().fsPath, DIR);
    mkdirSync(join(root, 'src'), { recursive: true });
    for (const [name, text] of Object.entries(PIPELINES)) writeFileSync(join(root, name), text);
    writeFileSync(join(root, 'src', 'app.c'), 'int main(void) {\n  return y;\n}\n');
  });

  suiteTeardown(() => {
    for (const t of vscode.window.terminals) if (t.name.startsWith('AnsFlow: e2e-')) t.dispose();
  });

  test('(e2e) Run Pipeline streams live output to its terminal (latency measured)', async () => {
    const s = await runTo('ok.ansflow.yaml', (x) => x.status !== 'running', 60_000);
    assert.equal(s.status, 'success');
    assert.deepEqual(s.steps.map((x) => [x.step, x.status]), [['hello', 'success'], ['after', 'success']]);
    assert.ok(vscode.window.terminals.some((t) => t.name === 'AnsFlow: e2e-ok'), 'the run has its own terminal');
    // Probe lines were written 100 ms apart while the step ran, so each was seen while the run was live.
    assert.equal(s.terminalLatencyMs.length, 20, 'every probe line reached the terminal');
    const sorted = [...s.terminalLatencyMs].sort((a, b) => a - b);
    const figure = { lines: sorted.length, medianMs: sorted[10], p95Ms: sorted[18], maxMs: sorted[19], samplesMs: s.terminalLatencyMs };
    console.log(`[e2e] step write → terminal write latency: ${JSON.stringify(figure)}`);
    // The host's console is not the runner's: leave the figure where the report can pick it up.
    const results = join(getExtension().extensionPath, 'test-results');
    mkdirSync(results, { recursive: true });
    writeFileSync(join(results, 'run-terminal-latency.json'), JSON.stringify(figure, null, 2));
    assert.ok(sorted[10] < 1000, 'lines stream live, not at the end of the step');
  });

  test('(e2e) the data-pipeline example runs: matrix instances, params from defaults, outputs between steps', async () => {
    const runId = await vscode.commands.executeCommand<string>('ansflow.runPipeline', vscode.Uri.joinPath(workspaceRoot(), 'data-pipeline.ansflow.yaml'));
    assert.ok(runId, 'the example started without prompting (its params have defaults)');
    const s = await waitFor(async () => {
      const x = await state(runId);
      return x && x.status !== 'running' ? x : undefined;
    }, 'the example to finish', 90_000);
    assert.equal(s!.status, 'success', JSON.stringify(s!.steps));
    assert.ok(s!.steps.filter((x) => x.step.startsWith('transform[')).length >= 4, 'matrix instances ran');
  });

  test('(e2e) a failing step puts entries in the Problems panel at the right lines', async () => {
    const s = await runTo('fail.ansflow.yaml', (x) => x.status !== 'running');
    assert.equal(s.status, 'failed');
    assert.equal(s.steps.find((x) => x.step === 'compile')?.exitCode, 4);
    const onPipeline = await waitFor(() => vscode.languages.getDiagnostics(uri('fail.ansflow.yaml')).filter((d) => d.code === 'step-failed'), 'the step-failed diagnostic');
    assert.equal(onPipeline.length, 1);
    // `compile:` is on line 8 (1-based) → 7 (0-based), column 2.
    assert.equal(onPipeline[0].range.start.line, 7);
    assert.equal(onPipeline[0].range.start.character, 2);
    assert.equal(onPipeline[0].severity, vscode.DiagnosticSeverity.Error);
    assert.match(onPipeline[0].message, /exit code 4/);
    const onSource = vscode.languages.getDiagnostics(uri('src/app.c'));
    assert.equal(onSource.length, 1, 'the gcc-style line in the output became a diagnostic on src/app.c');
    assert.deepEqual([onSource[0].range.start.line, onSource[0].range.start.character], [1, 9]);

    // The next run of the same pipeline replaces them.
    writeFileSync(join(workspaceRoot().fsPath, DIR, 'fail.ansflow.yaml'), PIPELINES['fail.ansflow.yaml'].replace(/echo "src\/app\.c.*\n\s*exit 4\n/, 'true\n'));
    const again = await runTo('fail.ansflow.yaml', (x) => x.status !== 'running');
    assert.equal(again.status, 'success');
    assert.equal(vscode.languages.getDiagnostics(uri('src/app.c')).length, 0);
    assert.equal(vscode.languages.getDiagnostics(uri('fail.ansflow.yaml')).filter((d) => d.code === 'step-failed').length, 0);
  });

  test('(e2e) runs are recorded in the workspace history the Runs view lists', async () => {
    const s = await runTo('ok.ansflow.yaml', (x) => x.status !== 'running', 60_000);
    const index = join(workspaceRoot().fsPath, '.ansflow', 'runs', 'index.jsonl');
    assert.ok(existsSync(index), 'the run store index exists');
    assert.ok(readFileSync(index, 'utf8').includes(s.runId), 'the run is in the store the Runs view and the CLI read');
    await vscode.commands.executeCommand('ansflow.runs.focus');
    await vscode.commands.executeCommand('ansflow.showRunLog', s.runId, 'hello');
    const doc = await waitFor(() => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'ansflow-log' && d.uri.path.includes(s.runId)), 'the step log document');
    assert.match(doc!.getText(), /hello from a real step/);
  });

  test('(e2e) Run Job on a Pipelines job row runs the job and the jobs it needs, nothing else', async () => {
    const trace = join(workspaceRoot().fsPath, DIR, 'jobs-trace.txt');
    writeFileSync(trace, '');
    // The argument a Pipelines tree job row passes (PipelineJobNode: the file and the job).
    const runId = await vscode.commands.executeCommand<string>('ansflow.runJob', { kind: 'job', uri: uri('jobs.ansflow.yaml'), job: { name: 'test' } });
    const done = await waitFor(async () => {
      const x = await state(runId);
      return x && x.status !== 'running' ? x : undefined;
    }, 'the job run');
    assert.equal(done!.status, 'success');
    assert.deepEqual(done!.steps.map((x) => x.step).sort(), ['compile', 'unit']);
    assert.equal(readFileSync(trace, 'utf8'), 'compile\nunit\n');
  });

  test('(e2e) Run Step runs the step with what it needs; Rerun Failed reruns only what failed; Run From Step starts there', async () => {
    const root = join(workspaceRoot().fsPath, DIR);
    const trace = join(root, 'trace.txt');
    writeFileSync(trace, '');
    const stepRun = await vscode.commands.executeCommand<string>('ansflow.runStep', uri('flaky.ansflow.yaml'), 'first');
    const one = await waitFor(async () => {
      const x = await state(stepRun);
      return x && x.status !== 'running' ? x : undefined;
    }, 'the single-step run');
    assert.equal(one!.status, 'success');
    assert.deepEqual(one!.steps.map((x) => x.step), ['first']);
    assert.equal(readFileSync(trace, 'utf8'), 'first\n');

    writeFileSync(trace, '');
    const full = await runTo('flaky.ansflow.yaml', (x) => x.status !== 'running');
    assert.equal(full.status, 'failed');
    assert.equal(full.steps.find((x) => x.step === 'second')?.status, 'failed');
    writeFileSync(join(root, 'fixed.flag'), '');
    writeFileSync(trace, '');
    const rerunId = await vscode.commands.executeCommand<string>('ansflow.rerunFailed', full.runId);
    const rerun = await waitFor(async () => {
      const x = await state(rerunId);
      return x && x.status !== 'running' ? x : undefined;
    }, 'the rerun');
    assert.equal(rerun!.status, 'success');
    assert.equal(readFileSync(trace, 'utf8'), 'second\n', 'only the failed step ran again');

    writeFileSync(trace, '');
    const fromId = await vscode.commands.executeCommand<string>('ansflow.runFromStep', uri('flaky.ansflow.yaml'), 'second');
    const from = await waitFor(async () => {
      const x = await state(fromId);
      return x && x.status !== 'running' ? x : undefined;
    }, 'the run from a step');
    assert.equal(from!.status, 'success');
    assert.equal(readFileSync(trace, 'utf8'), 'second\n', 'Run From Step skipped what comes before it');
  });

  test('(e2e) Plan runs nothing; every pipeline and step is an ansflow task', async () => {
    const root = join(workspaceRoot().fsPath, DIR);
    writeFileSync(join(root, 'trace.txt'), '');
    const planId = await vscode.commands.executeCommand<string>('ansflow.planPipeline', uri('flaky.ansflow.yaml'));
    const plan = await waitFor(async () => {
      const x = await state(planId);
      return x && x.status !== 'running' ? x : undefined;
    }, 'the plan');
    assert.equal(plan!.status, 'success');
    assert.equal(readFileSync(join(root, 'trace.txt'), 'utf8'), '', 'a plan executes no step');

    const tasks = await vscode.tasks.fetchTasks({ type: 'ansflow' });
    const names = tasks.map((t) => t.name);
    assert.ok(names.includes('run e2e-flaky'), `pipeline task listed (saw ${names.join(', ')})`);
    assert.ok(names.includes('e2e-flaky: second'), 'step task listed');
    const task = tasks.find((t) => t.name === 'e2e-flaky: first')!;
    const ended = new Promise<number | undefined>((resolve) => {
      const sub = vscode.tasks.onDidEndTaskProcess((e) => {
        if (e.execution.task.name === task.name) {
          sub.dispose();
          resolve(e.exitCode);
        }
      });
    });
    await vscode.tasks.executeTask(task);
    assert.equal(await ended, 0, 'the task ends with the run\'s exit code');
  });

  test('(e2e) a failed run posts a small JSON alert to the configured webhook (loopback)', async () => {
    const bodies: string[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        bodies.push(body);
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const config = vscode.workspace.getConfiguration('ansflow.notifications');
    try {
      await config.update('webhookUrl', `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, vscode.ConfigurationTarget.Workspace);
      writeFileSync(join(workspaceRoot().fsPath, DIR, 'fail.ansflow.yaml'), PIPELINES['fail.ansflow.yaml']);
      const s = await runTo('fail.ansflow.yaml', (x) => x.status !== 'running');
      const body = await waitFor(() => bodies.find((b) => b.includes(s.runId)), 'the webhook POST');
      const alert = JSON.parse(body!) as Record<string, unknown>;
      assert.deepEqual([alert.source, alert.event, alert.pipeline, alert.status, alert.failedSteps], ['ansflow', 'run-ended', 'e2e-fail', 'failed', ['compile']]);
      assert.ok(!('params' in alert) && !body!.includes('undeclared'), 'no params or log text in the alert');
    } finally {
      await config.update('webhookUrl', undefined, vscode.ConfigurationTarget.Workspace);
      server.close();
    }
  });

  test('(e2e) a run much slower than its usual duration raises the slow-run alert', async () => {
    const bodies: string[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        bodies.push(body);
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const config = vscode.workspace.getConfiguration('ansflow.notifications');
    const flag = join(workspaceRoot().fsPath, DIR, 'slow.flag');
    try {
      for (let i = 0; i < 3; i++) assert.equal((await runTo('slow.ansflow.yaml', (x) => x.status !== 'running')).status, 'success');
      await config.update('webhookUrl', `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, vscode.ConfigurationTarget.Workspace);
      await config.update('slowRunFactor', 3, vscode.ConfigurationTarget.Workspace);
      writeFileSync(flag, '');
      const slow = await runTo('slow.ansflow.yaml', (x) => x.steps.some((st) => st.status === 'running'));
      const body = await waitFor(() => bodies.find((b) => b.includes(slow.runId) && b.includes('run-slow')), 'the slow-run alert', 20_000);
      assert.equal((JSON.parse(body!) as { pipeline: string }).pipeline, 'e2e-slow');
      await vscode.commands.executeCommand('ansflow.cancelRun', slow.runId);
    } finally {
      await config.update('webhookUrl', undefined, vscode.ConfigurationTarget.Workspace);
      await config.update('slowRunFactor', undefined, vscode.ConfigurationTarget.Workspace);
      rmSync(flag, { force: true });
      server.close();
    }
  });

  test('(e2e) a secret value reaches no log document, diagnostic or history file', async () => {
    const value = `s3cr3t-${Date.now()}`;
    process.env.ANSFLOW_E2E_TOKEN = value;
    try {
      const s = await runTo('secret.ansflow.yaml', (x) => x.status !== 'running');
      assert.equal(s.status, 'failed');
      await vscode.commands.executeCommand('ansflow.showRunLog', s.runId, 'leak');
      const doc = await waitFor(() => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'ansflow-log' && d.uri.path.includes(s.runId)), 'the step log');
      assert.match(doc!.getText(), /token is \S+/);
      assert.ok(!doc!.getText().includes(value), 'the log document is masked');
      const diags = await waitFor(() => vscode.languages.getDiagnostics(uri('secret.ansflow.yaml')).filter((d) => d.code === 'step-failed'), 'the failure diagnostic');
      assert.ok(diags!.every((d) => !d.message.includes(value)), 'the diagnostic (with last lines) is masked');
      const walk = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
      const leaked = walk(join(workspaceRoot().fsPath, '.ansflow', 'runs')).filter((f) => readFileSync(f, 'utf8').includes(value));
      assert.deepEqual(leaked, [], 'no history file holds the value');
    } finally {
      delete process.env.ANSFLOW_E2E_TOKEN;
    }
  });

  test('(e2e) Cancel Run stops a long step and its process', async () => {
    const pidFile = join(workspaceRoot().fsPath, DIR, 'long.pid');
    const s = await runTo('long.ansflow.yaml', (x) => x.steps.some((st) => st.step === 'wait' && st.status === 'running'));
    const pid = await waitFor(() => (existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : 0), 'the step to write its pid');
    assert.ok(alive(pid));
    const t0 = Date.now();
    await vscode.commands.executeCommand('ansflow.cancelRun', s.runId);
    const end = await waitFor(async () => {
      const x = await state(s.runId);
      return x && x.status !== 'running' ? x : undefined;
    }, 'the run to end after cancel', 15_000);
    assert.equal(end!.status, 'cancelled');
    await waitFor(() => !alive(pid), 'the step process to be gone', 10_000);
    console.log(`[e2e] cancel → run ended in ${Date.now() - t0} ms`);
  });
});
