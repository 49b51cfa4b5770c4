// A stand-in for Docker Hub's node:<major>-alpine, built on the test dockerd because no registry can be reached
// to pull the real one: the busybox base image plus the `node` binary running these tests and the shared
// libraries (and loader) it links. It keeps what images built FROM node:*-alpine rely on: `node` on PATH, a
// `node` user and group with uid/gid 1000 and a home, and busybox's wget for HEALTHCHECKs.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { busyboxImage, runDirPath } from './engines.js';

/** Absolute paths of the shared objects `ldd` lists for a binary, the dynamic loader included (not the vDSO). */
export function sharedLibraries(lddOutput: string): string[] {
  const libs: string[] = [];
  for (const line of lddOutput.split('\n')) {
    const m = /=>\s+(\/\S+)/.exec(line) ?? /^\s*(\/\S+)\s+\(0x/.exec(line);
    if (m) libs.push(m[1]);
  }
  return libs;
}

const PASSWD = ['root:x:0:0:root:/root:/bin/sh', 'node:x:1000:1000::/home/node:/bin/sh', 'nobody:x:65534:65534:nobody:/nonexistent:/bin/false'];
const GROUP = ['root:x:0:', 'node:x:1000:node', 'nogroup:x:65534:'];

function imageExists(ref: string): boolean {
  try {
    execFileSync('docker', ['image', 'inspect', ref], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes `node:<major>-alpine` (e.g. 'node:20-alpine') on the test dockerd, built once per engine run under a
 * name of its own and tagged with the requested name on every call (another test may have retagged it).
 * The major must be the one of the node running the tests, whose binary goes in.
 */
export function tagNodeStandIn(ref: string): void {
  const m = /^node:(\d+)-alpine$/.exec(ref);
  if (!m) throw new Error(`not a node:<major>-alpine reference: ${ref}`);
  const host = process.versions.node;
  if (m[1] !== host.split('.')[0]) throw new Error(`${ref} cannot be stood in for by this machine's node ${host} (another major version)`);
  const own = `ansflow-test/node-stand-in:${host}`;
  if (!imageExists(own)) build(own, host);
  execFileSync('docker', ['tag', own, ref], { stdio: 'ignore' });
}

function build(tag: string, version: string): void {
  const ctx = mkdtempSync(join(runDirPath(), 'node-stand-in-'));
  try {
    const root = join(ctx, 'rootfs');
    const put = (from: string, to: string) => {
      mkdirSync(dirname(join(root, to)), { recursive: true });
      copyFileSync(from, join(root, to));
    };
    put(process.execPath, '/usr/local/bin/node');
    for (const lib of sharedLibraries(execFileSync('ldd', [process.execPath], { encoding: 'utf8' }))) put(lib, lib);
    mkdirSync(join(root, 'etc'), { recursive: true });
    mkdirSync(join(ctx, 'home/node'), { recursive: true });
    writeFileSync(join(root, 'etc/passwd'), PASSWD.join('\n') + '\n');
    writeFileSync(join(root, 'etc/group'), GROUP.join('\n') + '\n');
    writeFileSync(
      join(ctx, 'Dockerfile'),
      [
        `FROM ${busyboxImage()}`,
        'COPY rootfs/ /',
        // A COPY, not a RUN chown: each RUN is a container start and a commit of its own.
        'COPY --chown=1000:1000 home/ /home/',
        'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        `ENV NODE_VERSION=${version}`,
        'LABEL org.ansflow.test.stand-in=node',
        'CMD ["node"]',
        '',
      ].join('\n'),
    );
    execFileSync('docker', ['build', '-q', '-t', tag, ctx], { stdio: ['ignore', 'ignore', 'pipe'] });
  } finally {
    rmSync(ctx, { recursive: true, force: true });
  }
}
