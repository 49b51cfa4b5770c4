// Shared pieces of the docker.* step types: the client for a step, registry credentials from
// secrets, and ToolError → StepOutcome.
import { isAbsolute, resolve } from 'node:path';
import type { StepContext, StepOutcome, WithValueKind } from '../../../contracts/StepType.js';
import { ToolError, isCancellationError } from '../../../contracts/result.js';
import { DockerClient } from '../../../clients/docker/DockerClient.js';
import { findRegistryAuth, registryOf, type RegistryAuth } from '../../../clients/docker/registryAuth.js';
import { runToolCommand } from '../../../process/index.js';
import { WithParams } from '../WithParams.js';

/**
 * docker.run keys whose `${{ }}` the step substitutes itself: `command` / `entrypoint` after splitting
 * the command line into arguments, so a value never adds arguments (see substituteArgv); `healthCmd`
 * by reference to a container variable (it runs under `sh -c` in the container).
 */
export const DOCKER_RUN_RAW_KEYS: Readonly<Record<string, WithValueKind>> = { command: 'raw', entrypoint: 'raw', healthCmd: 'raw' };

/** A client for the engine the step's environment points at (DOCKER_HOST / context / default). */
export function dockerForStep(ctx: StepContext): DockerClient {
  return DockerClient.connect({ env: { ...process.env, ...ctx.env } });
}

/** A path from `with`, resolved against the pipeline folder. */
export function workspacePath(ctx: StepContext, p: string): string {
  return isAbsolute(p) ? p : resolve(ctx.workspace, p);
}

/**
 * Registry credentials: `username` + `passwordSecret` (a secret name) from `with`, else the docker
 * CLI's stored credentials for the image's registry.
 */
export async function registryAuthFor(ctx: StepContext, ref: string): Promise<RegistryAuth | undefined> {
  const w = WithParams.of(ctx);
  const secretName = w.string('passwordSecret');
  if (secretName !== undefined) {
    const password = ctx.secrets[secretName];
    // An optional secret that is not set means "no explicit credentials" (e.g. an open local registry).
    if (password !== undefined) return { username: w.string('username'), password, serveraddress: w.string('registry') ?? registryOf(ref) };
    ctx.log('system', `Secret '${secretName}' is not set: using stored docker credentials, if any.\n`);
  }
  return findRegistryAuth(ref, { env: { ...process.env, ...ctx.env }, runHelper: (cmd) => runToolCommand(cmd, { signal: ctx.signal }) });
}

/** Turns a thrown ToolError into a failed outcome with its hint; rethrows cancellations and bugs. */
export function failureOutcome(e: unknown): StepOutcome {
  if (isCancellationError(e)) throw e;
  if (e instanceof ToolError) return { exitCode: e.code === 'tool-not-found' ? 127 : 1, message: e.hint ? `${e.message}. ${e.hint}` : e.message };
  throw e;
}
