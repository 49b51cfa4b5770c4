// `file` extract against the archive shapes fileConfinement.test.ts does not build: a hard link to a
// file outside, a symbolic link chain that climbs out one hop at a time, `..\` in a zip name, and a
// Windows drive path. Each archive is refused whole, before anything is written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline as pipe } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import * as tar from 'tar-stream';
import { zipSync } from 'fflate';
import { runPipeline } from '../../../../../src/core/runner/index.js';
import { pipeline, step } from '../helpers/pipelines.js';

type Entry = { name: string; type?: 'file' | 'symlink' | 'link' | 'directory'; linkname?: string; body?: string };

/** Writes a .tar.gz holding exactly `entries` (headers as given: tar-fs's pack would normalise them). */
async function tgz(path: string, entries: Entry[]): Promise<void> {
  const pack = tar.pack();
  const done = pipe(pack, createGzip(), createWriteStream(path));
  for (const e of entries) pack.entry({ name: e.name, type: e.type ?? 'file', ...(e.linkname ? { linkname: e.linkname } : {}) }, e.body ?? '');
  pack.finalize();
  await done;
}

test('(unit) file extract: hard links out, link chains climbing out, ..\\ and drive paths are refused, nothing written', async () => {
  const root = mkdtempSync(join(tmpdir(), 'ansflow-traversal-'));
  const ws = join(root, 'ws');
  mkdirSync(ws);
  mkdirSync(join(root, 'outside'));
  writeFileSync(join(root, 'outside', 'secret.txt'), 'S');
  await tgz(join(ws, 'hard.tar.gz'), [{ name: 'ok.txt', body: 'ok' }, { name: 'h', type: 'link', linkname: '../outside/secret.txt' }]);
  await tgz(join(ws, 'chain.tar.gz'), [{ name: 'ok.txt', body: 'ok' }, { name: 'a/b', type: 'directory' }, { name: 'a/b/up', type: 'symlink', linkname: '../../..' }]);
  await tgz(join(ws, 'nested.tar.gz'), [{ name: 'ok.txt', body: 'ok' }, { name: 'd/x/../../../escape.txt', body: 'x' }]);
  const enc = new TextEncoder();
  writeFileSync(join(ws, 'backslash.zip'), zipSync({ 'ok.txt': enc.encode('ok'), '..\\escape.txt': enc.encode('x') }));
  writeFileSync(join(ws, 'drive.zip'), zipSync({ 'ok.txt': enc.encode('ok'), 'C:/escape.txt': enc.encode('x') }));
  const cases = { hard: 'hard.tar.gz', chain: 'chain.tar.gz', nested: 'nested.tar.gz', backslash: 'backslash.zip', drive: 'drive.zip' };
  const summary = await runPipeline(pipeline(Object.entries(cases).map(([id, src]) => step(id, { type: 'file', with: { action: 'extract', src, dest: `x-${id}` } }))), { workspace: ws }).done;
  for (const s of summary.steps) {
    assert.equal(s.status, 'failed', `${s.step}: ${JSON.stringify(s)}`);
    assert.match(s.reason ?? '', /outside the destination|absolute path/, `${s.step}: ${s.reason}`);
    assert.ok(!existsSync(join(ws, `x-${s.step}`, 'ok.txt')), `${s.step}: entries were written before the bad one was refused`);
  }
  assert.deepEqual(readdirSync(join(root, 'outside')), ['secret.txt']);
  assert.deepEqual(readdirSync(root).sort(), ['outside', 'ws']);
});
