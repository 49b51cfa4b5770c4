// The helpers' protocol as Node speaks it, for the Python and the Perl helper alike: a job started
// without asking for its pid costs Node only the frames of its exit (no P frame, so one read fewer
// per step); asked, the pid comes first; K signals a running job's process group.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { HelperFrameReader } from '../../../../src/core/process/helperFrames.js';
import { SPAWN_HELPER_SCRIPT } from '../../../../src/core/process/spawnHelperScript.js';
import { FORK_HELPER_SCRIPT } from '../../../../src/core/process/forkHelperScript.js';

const HELPERS = [
  { name: 'Python', command: 'python3', args: ['-I', '-S', '-c', SPAWN_HELPER_SCRIPT] },
  { name: 'Perl', command: 'perl', args: ['-e', FORK_HELPER_SCRIPT] },
];

interface Frame {
  type: string;
  id: number;
  payload: string;
}

/** A helper process: send commands, wait for the frames of a job up to its C frame. */
function startHelper(h: (typeof HELPERS)[number]) {
  const child = spawn(h.command, h.args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const frames: Frame[] = [];
  const waiters: (() => void)[] = [];
  const reader = new HelperFrameReader(() => false, (type, id, payload) => {
    frames.push({ type, id, payload: payload.toString() });
    for (const w of waiters.splice(0)) w();
  });
  child.stdout.on('data', (d: Buffer) => reader.push(d));
  const send = (fields: string[]) => {
    const body = fields.join('\0');
    child.stdin.write(`${Buffer.byteLength(body)}\n${body}`);
  };
  const until = async (done: () => boolean) => {
    while (!done()) await new Promise<void>((r) => waiters.push(r));
  };
  const start = (id: number, wantPid: boolean, argv: string[]) => send(['S', String(id), process.cwd(), '', wantPid ? '1' : '', '1', `PATH=${process.env.PATH}`, ...argv]);
  const of = (id: number) => frames.filter((f) => f.id === id);
  return { child, frames, send, start, of, closed: (id: number) => until(() => of(id).some((f) => f.type === 'C')) };
}

for (const h of HELPERS) {
  test(`(unit) ${h.name} helper: a job that did not ask for its pid gets X and C only; one that asked gets P first`, async () => {
    const helper = startHelper(h);
    try {
      helper.start(1, false, ['true']);
      await helper.closed(1);
      assert.deepEqual(helper.of(1).map((f) => f.type), ['X', 'C']);
      assert.equal(helper.of(1)[0]!.payload, '0 0');
      helper.start(2, true, ['true']);
      await helper.closed(2);
      assert.deepEqual(helper.of(2).map((f) => f.type), ['P', 'X', 'C']);
      assert.match(helper.of(2)[0]!.payload, /^\d+$/);
    } finally {
      helper.child.stdin.end();
    }
  });

  test(`(unit) ${h.name} helper: K signals the job's whole process group, the background child too`, async () => {
    const helper = startHelper(h);
    try {
      // The leader waits on a background sleep of its group: both must go for the job to close.
      helper.start(1, false, ['bash', '-c', 'sleep 60 & wait']);
      helper.send(['K', '1', String(constants.signals.SIGTERM)]);
      await helper.closed(1);
      assert.equal(helper.of(1).find((f) => f.type === 'X')!.payload, `0 ${constants.signals.SIGTERM}`);
      // A K for a job that is over is ignored: the helper still serves.
      helper.send(['K', '1', String(constants.signals.SIGKILL)]);
      helper.start(2, false, ['true']);
      await helper.closed(2);
    } finally {
      helper.child.stdin.end();
    }
  });
}
