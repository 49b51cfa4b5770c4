// The run store's JSONL appender: a background fsync (the grouped one of step ends) and close.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonlAppender, readJsonl } from '../../../../../src/core/runner/store/jsonl.js';
import { waitFor } from '../../process/processProbe.js';

function openFds(path: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path;
    } catch {
      return false;
    }
  }).length;
}

test('(unit) JsonlAppender: close during a background fsync keeps every record, refuses later ones, and closes the file once the fsync returns', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'ansflow-jsonl-')), 'run.jsonl');
  const a = new JsonlAppender(path);
  a.append({ n: 1 });
  a.syncInBackground();
  a.append({ n: 2 });
  a.syncInBackground(); // one at a time
  a.close();
  a.append({ n: 3 });
  a.syncInBackground();
  assert.deepEqual(readJsonl(path), [{ n: 1 }, { n: 2 }]);
  await waitFor(() => openFds(path) === 0, 'the file to be closed');
  assert.equal(readFileSync(path, 'utf8'), '{"n":1}\n{"n":2}\n');
});
