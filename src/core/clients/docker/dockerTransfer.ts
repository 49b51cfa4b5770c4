// Pull and push with progress and registry auth; a push resolves with the digest the registry reported.
import type Dockerode from 'dockerode';
import { ToolError } from '../../contracts/result.js';
import { readJsonLines, type DockerProgressMessage } from './dockerStreams.js';
import type { RegistryAuth } from './registryAuth.js';

/** Options of pull and push. */
export interface TransferOptions {
  auth?: RegistryAuth;
  onProgress?(p: TransferProgress): void;
  signal?: AbortSignal;
}

/** A layer progress update. */
export interface TransferProgress {
  id?: string;
  status: string;
  current?: number;
  total?: number;
}

/** What a push produced. */
export interface PushResult {
  digest?: string;
  tag?: string;
  size?: number;
}

async function follow(stream: NodeJS.ReadableStream, what: string, o: TransferOptions): Promise<DockerProgressMessage[]> {
  const aux: DockerProgressMessage[] = [];
  try {
    for await (const m of readJsonLines<DockerProgressMessage>(stream as unknown as AsyncIterable<Buffer>)) {
      if (m.error || m.errorDetail) {
        const text = m.errorDetail?.message ?? m.error ?? `${what} failed`;
        const code = /unauthorized|authentication required|denied|no basic auth credentials/i.test(text) ? 'auth-failed' : /not found|does not exist|manifest unknown/i.test(text) ? 'not-found' : 'tool-failed';
        throw new ToolError(code, `${what}: ${text}`, code === 'auth-failed' ? 'Log in with `docker login` or pass registry credentials from a secret.' : undefined);
      }
      if (m.aux) aux.push(m);
      if (m.status) o.onProgress?.({ id: m.id, status: m.status, current: m.progressDetail?.current, total: m.progressDetail?.total });
    }
  } finally {
    (stream as unknown as { destroy?: () => void }).destroy?.();
  }
  return aux;
}

/** Pulls `ref` (`name[:tag|@digest]`). */
export async function pullImage(api: Dockerode, ref: string, o: TransferOptions = {}): Promise<void> {
  const stream = (await api.pull(ref, { authconfig: o.auth, abortSignal: o.signal })) as NodeJS.ReadableStream;
  await follow(stream, `pull ${ref}`, o);
}

/** Splits `registry/name:tag` into name and tag (a port colon is not a tag). */
export function splitImageTag(ref: string): { name: string; tag?: string } {
  const at = ref.indexOf('@');
  if (at >= 0) return { name: ref.slice(0, at) };
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  return colon > slash ? { name: ref.slice(0, colon), tag: ref.slice(colon + 1) } : { name: ref };
}

/** Pushes `ref`; the digest comes from the engine's final `aux` message. */
export async function pushImage(api: Dockerode, ref: string, o: TransferOptions = {}): Promise<PushResult> {
  const { name, tag } = splitImageTag(ref);
  const image = api.getImage(name);
  const stream = (await image.push({ tag: tag ?? 'latest', authconfig: o.auth ?? { serveraddress: '' }, abortSignal: o.signal } as Dockerode.ImagePushOptions)) as NodeJS.ReadableStream;
  const aux = await follow(stream, `push ${ref}`, o);
  const last = aux.reverse().find((m) => m.aux?.Digest)?.aux;
  return { digest: last?.Digest, tag: last?.Tag, size: last?.Size };
}
