import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { runProcess } from '../../../../src/core/process/index.js';

// 1 MiB of every byte value (invalid UTF-8 included) on stdout, a short line on stderr.
const SCRIPT = `for i in $(seq 4096); do printf '${Array.from({ length: 256 }, (_, b) => `\\${b.toString(8).padStart(3, '0')}`).join('')}'; done; printf 'é\\n' >&2`;

function expectedStdout(): Buffer {
  const one = Buffer.from(Array.from({ length: 256 }, (_, b) => b));
  return Buffer.concat(Array.from({ length: 4096 }, () => one));
}

for (const preferForkHelper of [false, true]) {
  test(`(unit) runProcess [${preferForkHelper ? 'fork helper' : 'direct spawn'}]: onOutputBytes gets every byte as read, undecoded; onOutput is not called; capture still works`, { timeout: 60_000 }, async () => {
    const got = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
    let textCalls = 0;
    const outcome = await runProcess({
      command: 'bash',
      args: ['-c', SCRIPT],
      preferForkHelper,
      capture: true,
      onOutput: () => textCalls++,
      onOutputBytes: (stream, bytes) => {
        got[stream].push(Buffer.from(bytes));
        // The buffer is the consumer's: overwriting it must not change what anyone else sees.
        bytes.fill(0x2a);
      },
    });
    assert.equal(outcome.kind, 'exited');
    assert.equal(textCalls, 0);
    const stdout = Buffer.concat(got.stdout);
    assert.equal(stdout.length, 1 << 20);
    assert.equal(createHash('sha256').update(stdout).digest('hex'), createHash('sha256').update(expectedStdout()).digest('hex'));
    assert.equal(Buffer.concat(got.stderr).toString('utf8'), 'é\n');
    if (outcome.kind === 'exited') {
      assert.equal(outcome.stderr, 'é\n');
      assert.equal(outcome.stdout, expectedStdout().toString('utf8'));
    }
  });
}
