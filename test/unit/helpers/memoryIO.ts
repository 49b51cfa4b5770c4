import { PassThrough } from 'node:stream';
import type { CliIO } from '../../../src/cli/CliCommand.js';

/** CLI IO that records what a command writes, for assertions. */
export function memoryIO(cwd = process.cwd(), env: NodeJS.ProcessEnv = { ...process.env }): CliIO & { out(): string; err(): string } {
  const outChunks: string[] = [];
  const errChunks: string[] = [];
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (c: Buffer) => outChunks.push(c.toString()));
  stderr.on('data', (c: Buffer) => errChunks.push(c.toString()));
  const stdin = new PassThrough();
  stdin.end();
  return {
    stdout,
    stderr,
    stdin,
    cwd,
    env,
    out: () => outChunks.join(''),
    err: () => errChunks.join(''),
  };
}
