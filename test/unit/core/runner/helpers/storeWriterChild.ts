// A second process writing the same run store as the test (the CLI next to the editor).
// argv: <root> <mode> <prefix> <count>
//   hold:   begins one run `<prefix>-live`, prints "started", ends it once stdin closes.
//   append: begins and ends <count> runs `<prefix>-<i>`, then prints "done".
import { RunStore } from '../../../../../src/core/runner/store/RunStore.js';

const [root, mode, prefix, count] = process.argv.slice(2) as [string, string, string, string];
const store = new RunStore({ root, maxRuns: 100_000 });
const start = (runId: string, time: number) => store.beginRun({ type: 'run-start', runId, time, pipeline: 'p', params: {}, trigger: 'child', steps: ['a'] });
const end = (w: ReturnType<typeof start>, time: number) => {
  w.record({ type: 'run-end', runId: w.runId, time, status: 'success', durationMs: 1 });
  w.close();
};

if (mode === 'hold') {
  const w = start(`${prefix}-live`, 1);
  process.stdout.write('started\n');
  process.stdin.resume();
  process.stdin.on('end', () => {
    end(w, 2);
    process.stdout.write('ended\n');
  });
} else {
  for (let i = 0; i < Number(count); i++) end(start(`${prefix}-${i}`, 1_000_000 + i), 2_000_000 + i);
  process.stdout.write('done\n');
}
