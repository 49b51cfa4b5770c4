// (unit) The host side of the kubernetes executor's workspace: which files travel, the stamp that
// tells the pod what the step wrote, what may come back, where the step runs in the pod, and the
// emptyDirs in the Job.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import * as tar from 'tar-fs';
import tarStream from 'tar-stream';
import { packWorkspace, refusedEntry, selectWorkspaceFiles, SHIPPED_MTIME, unpackIntoWorkspace } from '../../../../../src/core/runner/executors/workspaceSync.js';
import { podWorkingDir } from '../../../../../src/core/runner/executors/kubernetesWorkspace.js';
import { buildJob } from '../../../../../src/core/clients/kubernetes/runJob.js';
import { readExactly } from '../../../../../src/core/clients/kubernetes/podExec.js';

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-kws-unit-'));
  for (const [p, text] of Object.entries({ 'a.txt': 'a', 'src/b.ts': 'b', 'src/gen/c.js': 'c', 'build/out.bin': 'o', '.git/HEAD': 'h', '.ansflow/runs/x': 'r', 'notes.md': 'n' })) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

test('(unit) selectWorkspaceFiles ships everything but .git and .ansflow by default', () => {
  assert.deepEqual(selectWorkspaceFiles(workspace()), ['a.txt', 'build/out.bin', 'notes.md', 'src/b.ts', 'src/gen/c.js']);
});

test('(unit) selectWorkspaceFiles honours .ansflowignore, exclude patterns and include globs', () => {
  const dir = workspace();
  writeFileSync(join(dir, '.ansflowignore'), '# built\nbuild\n*.md\n');
  assert.deepEqual(selectWorkspaceFiles(dir), ['.ansflowignore', 'a.txt', 'src/b.ts', 'src/gen/c.js']);
  assert.deepEqual(selectWorkspaceFiles(dir, { exclude: ['src/gen'] }), ['.ansflowignore', 'a.txt', 'src/b.ts']);
  assert.deepEqual(selectWorkspaceFiles(dir, { include: ['src/**'] }), ['src/b.ts', 'src/gen/c.js']);
});

test('(unit) packWorkspace stamps shipped files with the 1970 mtime the pod compares against', async () => {
  const dir = workspace();
  const extract = tarStream.extract();
  const seen: Array<[string, number]> = [];
  extract.on('entry', (h, stream, next) => {
    seen.push([h.name, h.mtime!.getTime()]);
    stream.resume();
    stream.on('end', next);
  });
  const done = new Promise<void>((r) => extract.on('finish', () => r()));
  packWorkspace(dir, ['a.txt', 'src/b.ts']).pipe(extract);
  await done;
  assert.deepEqual(seen, [['a.txt', SHIPPED_MTIME.getTime()], ['src/b.ts', SHIPPED_MTIME.getTime()]]);
});

test('(unit) refusedEntry refuses paths leaving the workspace and anything but files and folders', () => {
  assert.equal(refusedEntry('out/x.txt', 'file'), undefined);
  assert.equal(refusedEntry('./out/x.txt', 'file'), undefined);
  assert.equal(refusedEntry('../x', 'file'), 'outside the workspace');
  assert.equal(refusedEntry('a/../../x', 'file'), 'outside the workspace');
  assert.equal(refusedEntry('/etc/passwd', 'file'), 'outside the workspace');
  assert.match(refusedEntry('link', 'symlink') ?? '', /not a regular file/);
});

test('(unit) unpackIntoWorkspace writes regular files and skips links and escapes', async () => {
  const src = mkdtempSync(join(tmpdir(), 'ansflow-kws-src-'));
  mkdirSync(join(src, 'out'));
  writeFileSync(join(src, 'out', 'r.txt'), 'result');
  symlinkSync('/etc/passwd', join(src, 'out', 'link'));
  const dest = mkdtempSync(join(tmpdir(), 'ansflow-kws-dest-'));
  const packed = tar.pack(src, { entries: ['out/r.txt', 'out/link'] }) as unknown as Readable;
  const { written, refused } = await unpackIntoWorkspace(dest, packed);
  assert.deepEqual(written, ['out/r.txt']);
  assert.equal(readFileSync(join(dest, 'out', 'r.txt'), 'utf8'), 'result');
  assert.equal(existsSync(join(dest, 'out', 'link')), false);
  assert.match(refused.join('\n'), /out\/link: not a regular file/);
});

test('(unit) podWorkingDir keeps the step folder relative to the workspace, else the workspace root', () => {
  assert.equal(podWorkingDir('/w', '/w'), '/workspace');
  assert.equal(podWorkingDir('/w', '/w/app/web'), '/workspace/app/web');
  assert.equal(podWorkingDir('/w', '/elsewhere'), '/workspace');
});

test('(unit) buildJob mounts scratch folders as emptyDirs beside the files Secret', () => {
  const job = buildJob({ namespace: 'ns', name: 's', image: 'busybox', files: { 'run.sh': 'x' }, scratch: [{ name: 'workspace', mountPath: '/workspace' }] }, 's-1', undefined, 's-1-files');
  const pod = (job.spec as { template: { spec: { containers: Array<{ volumeMounts: unknown[] }>; volumes: unknown[] } } }).template.spec;
  assert.deepEqual(pod.containers[0]!.volumeMounts, [
    { name: 'ansflow', mountPath: '/ansflow', readOnly: true },
    { name: 'workspace', mountPath: '/workspace' },
  ]);
  assert.deepEqual(pod.volumes, [
    { name: 'ansflow', secret: { secretName: 's-1-files', defaultMode: 0o755 } },
    { name: 'workspace', emptyDir: {} },
  ]);
});

test('(unit) readExactly reads a known byte count so stdin never has to be closed', () => {
  assert.equal(readExactly(1536, 'tar -xf - -C /workspace'), 'head -c 1536 | tar -xf - -C /workspace');
});

test('(unit) selectWorkspaceFiles refuses a selection over the size limit, naming the ignore file', () => {
  const dir = workspace();
  assert.throws(() => selectWorkspaceFiles(dir, {}, 3), (e: Error) => /over 0 MiB \(at src\/b\.ts\)/.test(e.message) && /\.ansflowignore/.test((e as Error & { hint?: string }).hint ?? ''));
  assert.equal(selectWorkspaceFiles(dir, {}, 5).length, 5);
});

test('(unit) executor.workspace is read from the pipeline and checked by the schema', async () => {
  const { parsePipeline } = await import('../../../../../src/core/pipeline/index.js');
  const text = (ws: string) => `version: 1\nsteps:\n  a:\n    type: shell\n    executor: { kind: kubernetes, image: busybox, workspace: ${ws} }\n    with: { run: 'true' }\n`;
  const ok = parsePipeline(text('{ include: ["src/**"], exclude: [build] }'));
  assert.deepEqual(ok.diagnostics.filter((d) => d.severity === 'error'), []);
  const step = ok.pipeline!.steps.find((s) => s.id === 'a')!;
  assert.deepEqual(step.executor, { kind: 'kubernetes', image: 'busybox', workspace: { include: ['src/**'], exclude: ['build'] } });
  assert.deepEqual(parsePipeline(text('false')).pipeline!.steps[0]!.executor, { kind: 'kubernetes', image: 'busybox', workspace: false });
  assert.ok(parsePipeline(text('{ inclde: [x] }')).diagnostics.some((d) => d.severity === 'error'));
});

test('(unit) the pod command (containerCommand, shared with the container executor) looks host interpreters up on the pod PATH, keeps workspace and bare commands', async () => {
  const { containerCommand } = await import('../../../../../src/core/runner/executors/ContainerExecutor.js');
  assert.equal(containerCommand('/usr/bin/sh', '/w'), 'sh');
  assert.equal(containerCommand('/w/tools/run', '/w'), '/w/tools/run');
  assert.equal(containerCommand('bash', '/w'), 'bash');
});
