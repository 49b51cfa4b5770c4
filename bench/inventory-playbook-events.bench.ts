// Ansible event latency: the time from a task result being emitted by ansible-playbook (the
// ansflow_events callback stamps it with time.time() when the result reaches the controller) to the
// matching step-progress call of the ansible.playbook step. Baseline in the same run: the delay until
// the default stdout callback's line for the same result reaches us on stdout.
// Usage: node --import tsx bench/inventory-playbook-events.bench.ts [--tasks N]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StepContext } from '../src/core/contracts/StepType.js';
import type { AnsibleEvent } from '../src/core/clients/ansible/ansibleEvents.js';
import { ansiblePlaybookStep } from '../src/core/runner/steps/ansible/ansiblePlaybookStep.js';
import { LocalExecutor } from '../src/core/runner/executors/LocalExecutor.js';
import { numberArg } from './benchSupport.js';

const TASKS = numberArg('tasks', 30);
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-ev-bench-'));
  try {
    const tasks = Array.from({ length: TASKS }, (_, i) => `    - name: task ${i}\n      ansible.builtin.debug:\n        msg: "m${i}"\n`).join('');
    writeFileSync(join(dir, 'play.yml'), `- hosts: all\n  gather_facts: false\n  tasks:\n${tasks}`);
    const eventLatency: number[] = [];
    const stdoutLatency: number[] = [];
    const emitted = new Map<string, number>();
    let stdoutBuf = '';
    const stdoutAt = new Map<string, number>();
    const ctx: StepContext = {
      runId: 'bench', step: 'p', stepId: 'p', attempt: 1, workspace: dir, cwd: dir,
      with: { playbook: 'play.yml', inventory: 'localhost,', connection: 'local' },
      env: Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === 'string')),
      signal: new AbortController().signal, executor: new LocalExecutor(),
      log(stream, text) {
        if (stream !== 'stdout') return;
        const now = Date.now();
        stdoutBuf += text;
        // The default callback prints `TASK [task N]` and then `ok: [localhost] => {` for the result.
        for (;;) {
          const m = /TASK \[task (\d+)\][\s\S]*?ok: \[localhost\]/.exec(stdoutBuf);
          if (!m) break;
          stdoutAt.set(m[1], now);
          stdoutBuf = stdoutBuf.slice(m.index + m[0].length);
        }
      },
      progress(_m, _f, detail) {
        const ev = detail?.ansible as AnsibleEvent | undefined;
        if (ev && ev.event === 'host_ok') {
          eventLatency.push(Date.now() - ev.time * 1000);
          emitted.set(ev.task.replace('task ', ''), ev.time * 1000);
        }
      },
      setOutput: () => undefined, secrets: {}, requestApproval: async () => 'approved', dryRun: false,
    };
    const t = performance.now();
    const out = await ansiblePlaybookStep.run(ctx);
    if (out.exitCode !== 0) throw new Error(out.message);
    for (const [task, at] of stdoutAt) {
      const ev = emitted.get(task);
      if (ev !== undefined) stdoutLatency.push(at - ev);
    }
    console.log(`ansible events: ${TASKS} tasks in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    console.log(`  result → step-progress  p50 ${pct(eventLatency, 0.5).toFixed(1)} ms  p95 ${pct(eventLatency, 0.95).toFixed(1)} ms  (n=${eventLatency.length})`);
    if (stdoutLatency.length) {
      console.log(`  result → stdout line    p50 ${pct(stdoutLatency, 0.5).toFixed(1)} ms  p95 ${pct(stdoutLatency, 0.95).toFixed(1)} ms  (n=${stdoutLatency.length}, baseline)`);
      // The stdout callback runs first for each result, so its line can precede the event's timestamp.
      console.log(`  event behind the stdout line by ${(pct(eventLatency, 0.5) - pct(stdoutLatency, 0.5)).toFixed(1)} ms at p50`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
