import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { EnvFileSecretProvider, RunHistory, RunStore, runPipeline } from '../../../../src/core/runner/index.js';
import type { RunEvent } from '../../../../src/core/contracts/events.js';
import { pipeline, sh } from './helpers/pipelines.js';
import { withSeededSample } from '../../helpers/seededSample.js';

const R = { start: 0, end: 0 };

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? allFiles(p) : [p];
  });
}

test('(unit) runner: secrets (split across writes, base64, in outputs and errors) never reach events, logs, history or the summary', async () => {
  // Random secrets and random split points: the step prints each secret in two separate writes,
  // with a pause in between so they arrive as different chunks.
  const secretPairs = fc.tuple(fc.stringMatching(/^[A-Za-z0-9]{6,24}$/), fc.stringMatching(/^[A-Za-z0-9+/]{6,24}$/), fc.nat(100), fc.nat(100));
  await withSeededSample(secretPairs, 3, async (samples) => {
    for (const [s1, s2, c1, c2] of samples) {
      const dir = mkdtempSync(join(tmpdir(), 'ansflow-secret-'));
      const store = new RunStore({ root: join(dir, '.ansflow', 'runs') });
      const cut1 = 1 + (c1 % (s1.length - 1));
      const cut2 = 1 + (c2 % (s2.length - 1));
      const script = [
        `printf '%s' "$(printf '%s' "$ONE" | cut -c1-${cut1})"; sleep 0.06; printf '%s\\n' "$(printf '%s' "$ONE" | cut -c${cut1 + 1}-)"`,
        `printf '%s' "$(printf '%s' "$TWO" | cut -c1-${cut2})" >&2; sleep 0.06; printf '%s\\n' "$(printf '%s' "$TWO" | cut -c${cut2 + 1}-)" >&2`,
        `printf 'b64: %s\\n' "$(printf 'x%s' "$ONE" | base64 -w0)"`,
        `echo "leak=$TWO" >> "$ANSFLOW_OUTPUT"`,
        `echo "failing with $ONE"; exit 4`,
      ].join('\n');
      const p = pipeline(
        [sh('leaky', script, { env: { ONE: '${{ secrets.one }}', TWO: '${{ secrets.two }}' } })],
        {
          secrets: [
            { name: 'one', source: { kind: 'env', variable: 'S_ONE' }, required: true, range: R, nameRange: R },
            { name: 'two', source: { kind: 'env', variable: 'S_TWO' }, required: true, range: R, nameRange: R },
          ],
        },
      );
      const h = runPipeline(p, { workspace: dir, store, logBatchMs: 5, secrets: new EnvFileSecretProvider({ env: { S_ONE: s1, S_TWO: s2 }, baseDir: dir }) });
      const events: RunEvent[] = [];
      h.onEvent((e) => events.push(e));
      const summary = await h.done;
      assert.equal(summary.status, 'failed');
      const haystacks = [JSON.stringify(events), JSON.stringify(summary), ...allFiles(store.root).map((f) => readFileSync(f, 'utf8')), JSON.stringify(new RunHistory(store).getRun(h.runId))];
      const logText = events.filter((e) => e.type === 'step-log').map((e) => (e as { text: string }).text).join('');
      assert.match(logText, /\*\*\*/);
      for (const secret of [s1, s2]) {
        for (const hay of haystacks) assert.ok(!hay.includes(secret), `secret leaked: ${secret}`);
      }
      assert.ok(!logText.includes(Buffer.from(`x${s1}`).toString('base64').slice(4, 12)) || s1.length < 9);
    }
  });
});

test('(unit) runner: a required secret without a value fails the run before any step, naming the source', async () => {
  const p = pipeline([sh('a', 'true')], { secrets: [{ name: 'tok', source: { kind: 'env', variable: 'NOPE_TOKEN' }, required: true, range: R, nameRange: R }] });
  const summary = await runPipeline(p, { workspace: tmpdir(), secrets: new EnvFileSecretProvider({ env: {}, baseDir: tmpdir() }) }).done;
  assert.equal(summary.status, 'failed');
  assert.match(summary.error!, /NOPE_TOKEN/);
  assert.equal(summary.steps[0]!.attempts, 0);
});
