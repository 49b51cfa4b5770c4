// The kubernetes executor with the workspace: the pod's container only waits; the runner execs into
// it to unpack the workspace into an emptyDir, to run the step there, and to pack what the step
// wrote (files newer than the shipped ones) plus its outputs file, which come back to the host.
// The artifacts of the steps it needs ($ANSFLOW_ARTIFACTS on the host) go in too, read-only by intent.
import { existsSync, writeFileSync } from 'node:fs';
import { isAbsolute, posix, relative, sep } from 'node:path';
import { Readable, Writable } from 'node:stream';
import type { StepContext } from '../../contracts/StepType.js';
import { ToolError } from '../../contracts/result.js';
import type { KubeClient } from '../../clients/kubernetes/KubeClient.js';
import type { RunningPod } from '../../clients/kubernetes/runJob.js';
import { execBytes, readExactly } from '../../clients/kubernetes/podExec.js';
import { packFolder, packWorkspace, selectWorkspaceFiles, unpackIntoWorkspace, type WorkspaceSelection } from './workspaceSync.js';

/** Where the workspace is unpacked in the pod. */
export const POD_WORKSPACE = '/workspace';
/** A second emptyDir for the outputs file and the runner's own lists. */
export const POD_RUN_DIR = '/ansflow-run';
export const POD_OUTPUT_FILE = `${POD_RUN_DIR}/output`;
/** `$ANSFLOW_ARTIFACTS` in the pod: the needed steps' kept files, outside the workspace as on the host. */
export const POD_ARTIFACTS_DIR = `${POD_RUN_DIR}/artifacts`;

/** The container's own command: wait until the runner is done with it (the Job is then deleted). */
export const WAIT_COMMAND = ['/bin/sh', '-c', `while [ ! -f ${POD_RUN_DIR}/.done ]; do sleep 1; done`];

/**
 * Files the step wrote: anything newer than the 1970 mtime of shipped files. The list becomes
 * arguments (busybox tar has no -T; one tar, since xargs could split it into several archives).
 */
const PACK_CHANGED = [
  `cd ${POD_WORKSPACE} || exit 1`,
  `find . -type f -mtime -3650 > ${POD_RUN_DIR}/.changed || exit 1`,
  'set --',
  `while IFS= read -r f; do set -- "$@" "$f"; done < ${POD_RUN_DIR}/.changed`,
  'if [ $# -gt 0 ]; then exec tar -cf - "$@"; fi',
].join('\n');

/** The step's working directory inside the pod: the same place relative to the workspace, or its root. */
export function podWorkingDir(workspace: string, cwd: string): string {
  const rel = relative(workspace, cwd);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return POD_WORKSPACE;
  return posix.join(POD_WORKSPACE, rel.split(sep).join('/'));
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function collector(): { sink: Writable; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk);
      cb();
    },
  });
  return { sink, bytes: () => Buffer.concat(chunks) };
}

/** Copies the host's $ANSFLOW_ARTIFACTS folder to {@link POD_ARTIFACTS_DIR} (created even when there is none to copy). */
async function shipArtifacts(exec: (cmd: string[], io?: Parameters<typeof execBytes>[5]) => Promise<number>, hostDir: string | undefined, podName: string): Promise<void> {
  const archive = hostDir && existsSync(hostDir) ? await collect(packFolder(hostDir)) : Buffer.alloc(0);
  // mkdir first: in `head | mkdir && tar`, tar would read the exec's stdin, which never closes.
  const script = `mkdir -p ${POD_ARTIFACTS_DIR}` + (archive.length ? ` && ${readExactly(archive.length, `tar -xf - -C ${POD_ARTIFACTS_DIR}`)}` : '');
  const code = await exec(['/bin/sh', '-c', script], archive.length ? { stdin: archive } : undefined);
  if (code !== 0) throw new ToolError('tool-failed', `could not copy the needed steps' artifacts into pod/${podName} (exit ${code})`, 'The image needs sh, head and tar.');
}

/** Ships the workspace, runs `command` in the pod, brings changes and outputs back; resolves with the step's exit code. */
export async function driveWithWorkspace(kube: KubeClient, pod: RunningPod, command: string[], ctx: StepContext, selection: WorkspaceSelection): Promise<number> {
  const exec = (cmd: string[], io?: Parameters<typeof execBytes>[5]) => execBytes(kube, pod.namespace, pod.podName, 'step', cmd, io);
  const files = selectWorkspaceFiles(ctx.workspace, selection);
  // Held in memory: the length must be known before sending (see podExec.ts).
  const archive = await collect(packWorkspace(ctx.workspace, files));
  const started = Date.now();
  const unpacked = await exec(['/bin/sh', '-c', readExactly(archive.length, `tar -xf - -C ${POD_WORKSPACE}`)], { stdin: archive, onStderr: (b) => ctx.log('system', b.toString('utf8')) });
  if (unpacked !== 0) throw new ToolError('tool-failed', `could not unpack the workspace in pod/${pod.podName} (exit ${unpacked})`, 'The image needs sh, head and tar; or set executor.workspace: false.');
  ctx.log('system', `workspace: ${files.length} files (${archive.length} bytes) shipped to pod/${pod.podName} in ${Date.now() - started} ms\n`);
  await shipArtifacts(exec, ctx.env.ANSFLOW_ARTIFACTS, pod.podName);

  const log = (stream: 'stdout' | 'stderr') => (b: Buffer) => (ctx.logBytes ? ctx.logBytes(stream, b) : ctx.log(stream, b.toString('utf8')));
  const exitCode = await exec(command, { onStdout: log('stdout'), onStderr: log('stderr') });
  if (ctx.signal.aborted) return exitCode;

  const changed = collector();
  const packed = await exec(['/bin/sh', '-c', PACK_CHANGED], { stdout: changed.sink, onStderr: (b) => ctx.log('system', b.toString('utf8')) });
  if (packed !== 0) throw new ToolError('tool-failed', `could not pack the files the step wrote in pod/${pod.podName} (exit ${packed})`, 'The image needs sh, find and tar.');
  const back = changed.bytes();
  if (back.length) {
    const { written, refused } = await unpackIntoWorkspace(ctx.workspace, Readable.from([back]));
    ctx.log('system', `workspace: ${written.length} changed files brought back from the pod\n`);
    for (const r of refused) ctx.log('system', `workspace: not brought back: ${r}\n`);
  }
  const outputFile = ctx.env.ANSFLOW_OUTPUT;
  if (outputFile) {
    const out = collector();
    await exec(['/bin/sh', '-c', `cat ${POD_OUTPUT_FILE} 2>/dev/null || true`], { stdout: out.sink });
    const bytes = out.bytes();
    if (bytes.length) writeFileSync(outputFile, bytes, { flag: 'a', mode: 0o600 });
  }
  await exec(['/bin/sh', '-c', `touch ${POD_RUN_DIR}/.done`]).catch(() => undefined);
  return exitCode;
}
