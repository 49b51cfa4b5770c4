// `file` steps must never read or write outside the workspace (and the run's artifact folder) through
// a symbolic link: a linked folder, a linked file, a dangling link, or an archive entry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline as pipe } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import * as tar from 'tar-fs';
import { zipSync } from 'fflate';
import { runPipeline } from '../../../../../src/core/runner/index.js';
import { pipeline, step } from '../helpers/pipelines.js';
import type { RunSummary } from '../../../../../src/core/runner/runTypes.js';

const SECRET = 'SECRET-OUTSIDE';
const ORIGINAL = 'ORIGINAL-OUTSIDE';

/** A workspace with links out of it: `linkdir` (a folder), `linkfile` / `linksecret` (files) and `dangle` (a dangling link). */
function setup() {
  const root = mkdtempSync(join(tmpdir(), 'ansflow-confine-'));
  const ws = join(root, 'ws');
  const outside = join(root, 'outside');
  mkdirSync(ws);
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.txt'), SECRET);
  writeFileSync(join(outside, 'victim.txt'), ORIGINAL);
  writeFileSync(join(ws, 'a.txt'), 'A');
  symlinkSync(outside, join(ws, 'linkdir'));
  symlinkSync(join(outside, 'victim.txt'), join(ws, 'linkfile'));
  symlinkSync(join(outside, 'secret.txt'), join(ws, 'linksecret'));
  symlinkSync(join(outside, 'created.txt'), join(ws, 'dangle'));
  const outsideNames = () => readdirSync(outside).sort();
  return { root, ws, outside, outsideNames, before: ['secret.txt', 'victim.txt'] };
}

async function run(ws: string, steps: Record<string, Record<string, unknown>>, env: Record<string, string> = {}): Promise<RunSummary> {
  const list = Object.entries(steps).map(([id, w]) => step(id, { type: 'file', with: w, env }));
  return runPipeline(pipeline(list), { workspace: ws, logBatchMs: 5 }).done;
}

/** Every step failed with a message naming the link or the escape, and nothing outside changed. */
function assertAllRefused(summary: RunSummary, s: ReturnType<typeof setup>) {
  for (const st of summary.steps) {
    assert.equal(st.status, 'failed', `${st.step} should be refused: ${JSON.stringify(st)}`);
    assert.match(st.reason ?? '', /outside|symbolic link/, `${st.step}: ${st.reason}`);
  }
  assert.deepEqual(s.outsideNames(), s.before);
  assert.equal(readFileSync(join(s.outside, 'victim.txt'), 'utf8'), ORIGINAL);
  // No step copied the secret anywhere into the workspace either.
  const leaked = (dir: string): boolean =>
    readdirSync(dir, { withFileTypes: true }).some((e) => {
      const p = join(dir, e.name);
      if (e.isSymbolicLink()) return false;
      if (e.isDirectory()) return leaked(p);
      return readFileSync(p, 'utf8').includes(SECRET);
    });
  assert.ok(!leaked(s.ws), 'the secret was copied into the workspace');
}

test('(unit) file confinement: write and template never write through a linked folder, a linked file or a dangling link', async () => {
  const s = setup();
  writeFileSync(join(s.ws, 'greet.tpl'), 'hello');
  const summary = await run(s.ws, {
    wdir: { action: 'write', dest: 'linkdir/new.txt', content: 'x' },
    wfile: { action: 'write', dest: 'linkfile', content: 'x' },
    wappend: { action: 'write', dest: 'linkfile', content: 'x', append: true },
    wdangle: { action: 'write', dest: 'dangle', content: 'x' },
    wdeep: { action: 'write', dest: 'linkdir/sub/deep.txt', content: 'x' },
    tdir: { action: 'template', src: 'greet.tpl', dest: 'linkdir/t.txt' },
    tfile: { action: 'template', content: 'x', dest: 'linkfile' },
    tdangle: { action: 'template', content: 'x', dest: 'dangle' },
  });
  assertAllRefused(summary, s);
});

test('(unit) file confinement: template and copy never read a file outside through a link', async () => {
  const s = setup();
  const summary = await run(s.ws, {
    tsrc: { action: 'template', src: 'linksecret', dest: 't1.txt' },
    tsrcdir: { action: 'template', src: 'linkdir/secret.txt', dest: 't2.txt' },
    csrc: { action: 'copy', src: 'linksecret', dest: 'c1.txt' },
    csrcdir: { action: 'copy', src: 'linkdir', dest: 'c2' },
    csrcin: { action: 'copy', src: 'linkdir/secret.txt', dest: 'c3.txt' },
    clist: { action: 'copy', src: ['a.txt', 'linksecret'], dest: 'c4' },
  });
  assertAllRefused(summary, s);
});

test('(unit) file confinement: copy never writes through a linked destination, also inside a copied folder', async () => {
  const s = setup();
  mkdirSync(join(s.ws, 'tree'));
  writeFileSync(join(s.ws, 'tree', 'victim.txt'), 'NEW');
  // The destination folder already holds a link where the copy will write a file.
  mkdirSync(join(s.ws, 'into'));
  symlinkSync(join(s.outside, 'victim.txt'), join(s.ws, 'into', 'victim.txt'));
  mkdirSync(join(s.ws, 'into2'));
  symlinkSync(s.outside, join(s.ws, 'into2', 'sub'));
  mkdirSync(join(s.ws, 'tree2', 'sub'), { recursive: true });
  writeFileSync(join(s.ws, 'tree2', 'sub', 'victim.txt'), 'NEW');
  const summary = await run(s.ws, {
    cfile: { action: 'copy', src: 'a.txt', dest: 'linkfile' },
    cdir: { action: 'copy', src: 'a.txt', dest: 'linkdir/a.txt' },
    cdangle: { action: 'copy', src: 'a.txt', dest: 'dangle' },
    ctree: { action: 'copy', src: 'tree', dest: 'into' },
    ctree2: { action: 'copy', src: 'tree2', dest: 'into2' },
    cglob: { action: 'copy', src: 'tree/*.txt', dest: 'linkdir' },
  });
  assertAllRefused(summary, s);
});

test('(unit) file confinement: move neither takes a file from outside nor puts one there', async () => {
  const s = setup();
  writeFileSync(join(s.ws, 'b.txt'), 'B');
  const summary = await run(s.ws, {
    min: { action: 'move', src: 'linkdir/victim.txt', dest: 'stolen.txt' },
    mout: { action: 'move', src: 'a.txt', dest: 'linkdir/moved.txt' },
    mdangle: { action: 'move', src: 'b.txt', dest: 'linkdir/sub/moved.txt' },
  });
  assertAllRefused(summary, s);
  assert.ok(existsSync(join(s.ws, 'a.txt')) && existsSync(join(s.ws, 'b.txt')));
});

test('(unit) file confinement: backup reads and writes only inside', async () => {
  const s = setup();
  const summary = await run(s.ws, {
    bsrc: { action: 'backup', src: 'linksecret' },
    bsrcdir: { action: 'backup', src: 'linkdir/secret.txt', dest: 'bk' },
    bdest: { action: 'backup', src: 'a.txt', dest: 'linkdir' },
  });
  assertAllRefused(summary, s);
});

test('(unit) file confinement: archive reads and writes only inside', async () => {
  const s = setup();
  const summary = await run(s.ws, {
    asrc: { action: 'archive', src: 'linksecret', dest: 'a1.tar.gz' },
    asrcdir: { action: 'archive', src: 'linkdir', dest: 'a2.zip' },
    alist: { action: 'archive', src: ['a.txt', 'linksecret'], dest: 'a3.zip' },
    alisttgz: { action: 'archive', src: ['a.txt', 'linkdir/secret.txt'], dest: 'a4.tar.gz' },
    adest: { action: 'archive', src: 'a.txt', dest: 'linkdir/a5.tar.gz' },
    adestfile: { action: 'archive', src: 'a.txt', dest: 'linkfile', format: 'zip' },
    adangle: { action: 'archive', src: 'a.txt', dest: 'dangle', format: 'tar.gz' },
  });
  assertAllRefused(summary, s);
});

test('(unit) file confinement: delete never removes a file through a linked folder', async () => {
  const s = setup();
  const summary = await run(s.ws, {
    ddir: { action: 'delete', src: 'linkdir/victim.txt' },
    dlist: { action: 'delete', src: ['linkdir/secret.txt'] },
  });
  assertAllRefused(summary, s);
});

test('(unit) file confinement: extract refuses an archive or a destination outside, and a destination folder holding a link', async () => {
  const s = setup();
  writeFileSync(join(s.outside, 'evil.zip'), zipSync({ 'x.txt': new TextEncoder().encode(SECRET) }));
  writeFileSync(join(s.ws, 'ok.zip'), zipSync({ 'sub/p.txt': new TextEncoder().encode('P') }));
  mkdirSync(join(s.ws, 'x'));
  symlinkSync(s.outside, join(s.ws, 'x', 'sub'));
  const before = ['evil.zip', ...s.before];
  const summary = await run(s.ws, {
    esrc: { action: 'extract', src: 'linkdir/evil.zip', dest: 'e1' },
    edest: { action: 'extract', src: 'ok.zip', dest: 'linkdir' },
    einto: { action: 'extract', src: 'ok.zip', dest: 'x' },
  });
  assertAllRefused(summary, { ...s, before });
  assert.ok(!existsSync(join(s.ws, 'e1', 'x.txt')));
});

test('(unit) file confinement: archive entries with .., absolute paths or links out are refused (zip slip), nothing is written', async () => {
  const s = setup();
  const enc = (t: string) => new TextEncoder().encode(t);
  writeFileSync(join(s.ws, 'dots.zip'), zipSync({ 'ok.txt': enc('ok'), '../escape.txt': enc('x') }));
  writeFileSync(join(s.ws, 'abs.zip'), zipSync({ 'ok.txt': enc('ok'), [`${s.outside}/abs.txt`]: enc('x') }));
  // tar: one entry renamed to `../escape.txt`, one to an absolute path, one symbolic link leaving the folder.
  const stage = join(s.root, 'stage');
  mkdirSync(stage);
  writeFileSync(join(stage, 'ok.txt'), 'ok');
  writeFileSync(join(stage, 'bad.txt'), 'bad');
  const tgz = async (name: string, map: (h: tar.Headers) => tar.Headers, dir = stage) =>
    pipe(tar.pack(dir, { map }), createGzip(), createWriteStream(join(s.ws, name)));
  await tgz('dots.tar.gz', (h) => (h.name === 'bad.txt' ? { ...h, name: '../escape.txt' } : h));
  await tgz('abs.tar.gz', (h) => (h.name === 'bad.txt' ? { ...h, name: `${s.outside}/abs.txt` } : h));
  const stage2 = join(s.root, 'stage2');
  mkdirSync(stage2);
  writeFileSync(join(stage2, 'ok.txt'), 'ok');
  symlinkSync('../../outside', join(stage2, 'out'));
  await tgz('link.tar.gz', (h) => h, stage2);
  const summary = await run(s.ws, {
    zdots: { action: 'extract', src: 'dots.zip', dest: 'z1' },
    zabs: { action: 'extract', src: 'abs.zip', dest: 'z2' },
    tdots: { action: 'extract', src: 'dots.tar.gz', dest: 't1' },
    tabs: { action: 'extract', src: 'abs.tar.gz', dest: 't2' },
    tlink: { action: 'extract', src: 'link.tar.gz', dest: 't3' },
  });
  assertAllRefused(summary, s);
  for (const d of ['z1', 'z2', 't1', 't2', 't3']) assert.ok(!existsSync(join(s.ws, d, 'ok.txt')), `${d}: entries were written before the bad one was refused`);
  assert.ok(!existsSync(join(s.ws, 't1', 'escape.txt')) && !existsSync(join(s.root, 'escape.txt')));
});

test('(unit) file confinement: the artifact folder is allowed, links inside the workspace that stay inside still work', async () => {
  const s = setup();
  const artifacts = join(s.root, 'artifacts');
  mkdirSync(artifacts);
  symlinkSync(s.outside, join(artifacts, 'out'));
  mkdirSync(join(s.ws, 'real'));
  symlinkSync('real', join(s.ws, 'inlink'));
  symlinkSync('a.txt', join(s.ws, 'alink'));
  const ok = await run(
    s.ws,
    {
      art: { action: 'write', dest: join(artifacts, 'step', 'report.txt'), content: 'R' },
      artcopy: { action: 'copy', src: 'a.txt', dest: join(artifacts, 'a.txt') },
      viadir: { action: 'write', dest: 'inlink/w.txt', content: 'W' },
      readlink: { action: 'copy', src: 'alink', dest: 'copied.txt' },
    },
    { ANSFLOW_ARTIFACTS: artifacts },
  );
  assert.equal(ok.status, 'success', JSON.stringify(ok.steps.filter((x) => x.status !== 'success')));
  assert.equal(readFileSync(join(artifacts, 'step', 'report.txt'), 'utf8'), 'R');
  assert.equal(readFileSync(join(s.ws, 'real', 'w.txt'), 'utf8'), 'W');
  assert.equal(readFileSync(join(s.ws, 'copied.txt'), 'utf8'), 'A');
  const refused = await run(s.ws, { artout: { action: 'write', dest: join(artifacts, 'out', 'x.txt'), content: 'x' } }, { ANSFLOW_ARTIFACTS: artifacts });
  assertAllRefused(refused, s);
  // Without the variable the artifact folder is just another place outside the workspace.
  const plain = await run(s.ws, { art: { action: 'write', dest: join(artifacts, 'y.txt'), content: 'y' } });
  assert.equal(plain.steps[0].status, 'failed');
});
