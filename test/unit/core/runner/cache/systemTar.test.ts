// (unit) Cache restores through the system's GNU tar: the listing parser, the same tree as the
// tar-fs fallback, and archives leading out of the folder refused from the listing before tar
// writes anything. A recording `tar` in front of the real one on PATH shows which way was taken.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pipeline as pipe } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import * as tar from 'tar-fs';
import { DependencyCache } from '../../../../../src/core/runner/cache/dependencyCache.js';
import { parseListingLine } from '../../../../../src/core/runner/cache/systemTar.js';

const tmp = (p: string) => mkdtempSync(join(tmpdir(), `ansflow-systar-${p}-`));

// Installed before the cache first asks which tar there is (once per process).
const calls = join(tmp('calls'), 'calls.log');
const realTar = execFileSync('sh', ['-c', 'command -v tar'], { encoding: 'utf8' }).trim();
const shim = tmp('shim');
writeFileSync(join(shim, 'tar'), `#!/bin/sh\necho "$1" >> '${calls}'\nexec '${realTar}' "$@"\n`);
chmodSync(join(shim, 'tar'), 0o755);
process.env.PATH = `${shim}${delimiter}${process.env.PATH ?? ''}`;
const tarCalls = () => (existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n') : []);

/** Every path under `dir` with what it is: file text, link target, or a folder. */
function tree(dir: string, at = ''): string[] {
  return readdirSync(join(dir, at))
    .sort()
    .flatMap((n) => {
      const rel = at ? `${at}/${n}` : n;
      const st = lstatSync(join(dir, rel));
      if (st.isSymbolicLink()) return [`${rel} -> ${readlinkSync(join(dir, rel))}`];
      if (st.isDirectory()) return [`${rel}/`, ...tree(dir, rel)];
      return [`${rel} ${(st.mode & 0o777).toString(8)} ${readFileSync(join(dir, rel), 'utf8')}`];
    });
}

test('(unit) system tar listing: files, folders and links are read; anything else or an ambiguous link is not', () => {
  assert.deepEqual(parseListingLine('-rw-r--r-- 0/0            2048 2026-12-02 03:10 node_modules/a b.js'), { type: 'file', name: 'node_modules/a b.js' });
  assert.deepEqual(parseListingLine('drwxr-xr-x 1000/1000         0 2026-12-02 03:10 node_modules/'), { type: 'directory', name: 'node_modules/' });
  assert.deepEqual(parseListingLine('lrwxrwxrwx 0/0               0 2026-12-02 03:10 d/up -> ../../etc'), { type: 'symlink', name: 'd/up', target: '../../etc' });
  assert.deepEqual(parseListingLine('hrw-r--r-- 0/0               0 2026-12-02 03:10 d/h link to /etc/passwd'), { type: 'link', name: 'd/h', target: '/etc/passwd' });
  assert.equal(parseListingLine('lrwxrwxrwx 0/0               0 2026-12-02 03:10 a -> b -> c'), undefined);
  assert.equal(parseListingLine('crw-r--r-- 0/0             1,3 2026-12-02 03:10 d/null'), undefined);
  assert.equal(parseListingLine('tar: Removing leading `/\' from member names'), undefined);
});

test('(unit) system tar restore: the same tree as tar-fs (links and modes kept), through GNU tar', async () => {
  const ws = tmp('ws');
  mkdirSync(join(ws, 'deps/bin'), { recursive: true });
  writeFileSync(join(ws, 'deps/one.txt'), '1');
  writeFileSync(join(ws, 'deps/bin/run'), 'x');
  chmodSync(join(ws, 'deps/bin/run'), 0o755);
  symlinkSync('bin/run', join(ws, 'deps/run-link'));
  const store = tmp('store');
  await new DependencyCache(store).save(ws, 'k', ['deps']);
  const before = tarCalls().length;
  const viaTar = tmp('via-tar');
  assert.deepEqual(await new DependencyCache(store).restore(viaTar, 'k', []), { key: 'k', exact: true });
  assert.deepEqual(tarCalls().slice(before).filter((c) => c !== '--version'), ['-tvzf', '-xzf'], 'listed, then unpacked by tar');
  const viaTarFs = tmp('via-tar-fs');
  const mid = tarCalls().length;
  await new DependencyCache(store, undefined, { systemTar: false }).restore(viaTarFs, 'k', []);
  assert.equal(tarCalls().length, mid, 'the fallback runs no tar');
  assert.deepEqual(tree(viaTar), tree(viaTarFs));
  assert.ok(tree(viaTar).includes('deps/run-link -> bin/run'));
  assert.ok(tree(viaTar).includes('deps/bin/run 755 x'));
});

test('(unit) system tar restore: names and links leading out are refused from the listing, before tar writes anything', async () => {
  const evil: Array<{ label: string; header: (h: tar.Headers) => tar.Headers; message: RegExp }> = [
    { label: 'dot-dot', header: (h) => ({ ...h, name: '../escaped.txt' }), message: /archive entry '..\/escaped.txt' points outside/ },
    { label: 'absolute', header: (h) => ({ ...h, name: '/tmp/ansflow-systar-absolute.txt' }), message: /archive entry '\/tmp\/ansflow-systar-absolute.txt' has an absolute path/ },
    { label: 'symlink', header: (h) => ({ ...h, name: 'd/up', type: 'symlink', linkname: '../../outside', size: 0 }), message: /archive entry 'd\/up' is a link to '..\/..\/outside', outside the destination/ },
    { label: 'hardlink', header: (h) => ({ ...h, name: 'd/h', type: 'link', linkname: '/etc/passwd', size: 0 }), message: /archive entry 'd\/h' is a link to '\/etc\/passwd'/ },
  ];
  for (const e of evil) {
    const store = tmp(`evil-${e.label}`);
    const cache = new DependencyCache(store);
    const ws = tmp('evil-ws');
    mkdirSync(join(ws, 'a'));
    writeFileSync(join(ws, 'a/x.txt'), 'x');
    await cache.save(ws, 'evil', ['a']);
    const archive = join(store, readdirSync(store).find((n) => n.endsWith('.tar.gz'))!);
    await pipe(tar.pack(ws, { entries: ['a/x.txt'], map: e.header }), createGzip(), createWriteStream(archive));
    const into = join(tmp('evil-into'), 'in');
    const before = tarCalls().length;
    await assert.rejects(cache.restore(into, 'evil', []), e.message, e.label);
    assert.deepEqual(tarCalls().slice(before).filter((c) => c !== '--version'), ['-tvzf'], `${e.label}: listed, never unpacked`);
    assert.ok(!existsSync(into), `${e.label}: nothing written`);
  }
});
