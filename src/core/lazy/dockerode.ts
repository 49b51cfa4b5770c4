// The Docker family's lazy loader: dockerode with ssh2 and gRPC (dist/lazy/dockerode.js in the
// bundles, see clientNode.ts for how).
type Dockerode = typeof import('./vendor/dockerode.js').default;

let lib: Dockerode | undefined;

/** The dockerode constructor, loaded at the first call. */
export function dockerode(): Dockerode {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loading on first use is the point
  return (lib ??= (require('./vendor/dockerode.js') as { default: Dockerode }).default);
}
