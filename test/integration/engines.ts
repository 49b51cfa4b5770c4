// Access to the real engines started by test/infra/with-engines.sh, for integration tests.
// Under CI=true a missing engine is a failure, never a silent skip; elsewhere the test skips loudly.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isCI } from '../ciMode.mjs';

/** Engines that test/infra/with-engines.sh can start and report in ANSFLOW_TEST_ENGINES. */
export type EngineName = 'docker' | 'kube' | 'kube-node' | 'helm' | 'ansible' | 'chromium' | 'ssh' | 'registry';

/** The part of node:test's TestContext that requireEngine needs. */
export interface SkippableTest {
  name?: string;
  skip(message?: string): void;
}

/** True when the run is a CI run (CI set to anything but '', 'false' or '0'), where missing engines fail. */
export { isCI };

/** Names of the engines that came up for this run (empty outside with-engines.sh). */
export function enginesUp(): Set<string> {
  return new Set((process.env.ANSFLOW_TEST_ENGINES ?? '').split(/\s+/).filter(Boolean));
}

/** True when the named engine is up for this run. */
export function engineUp(name: EngineName): boolean {
  return enginesUp().has(name);
}

/**
 * Ensures an engine is up: returns true when it is; under CI=true throws; elsewhere warns loudly, marks the
 * test skipped and returns false, so a test starts with `if (!requireEngine(t, 'docker')) return;`.
 */
export function requireEngine(t: SkippableTest, name: EngineName): boolean {
  if (engineUp(name)) return true;
  const why =
    process.env.ANSFLOW_TEST_ENGINES === undefined
      ? 'tests were not started through test/infra/with-engines.sh (use `npm run test:integration`)'
      : `it did not come up (engines up: ${process.env.ANSFLOW_TEST_ENGINES || 'none'}; logs under ${process.env.ANSFLOW_TEST_RUN_DIR ?? '?'})`;
  const message = `engine '${name}' is not available: ${why}`;
  if (isCI()) throw new Error(`${message} — a missing engine fails the run under CI=true`);
  console.warn(`\n!!!! SKIPPING ${t.name ? `'${t.name}'` : 'test'}: ${message}\n`);
  t.skip(message);
  return false;
}

function requiredEnv(key: string, engine: EngineName): string {
  const value = process.env[key];
  if (!value) throw new Error(`${key} is not set: engine '${engine}' is not up (call requireEngine first)`);
  return value;
}

/** Kubeconfig of the test kube-apiserver (admin token, loopback). */
export function testKubeconfigPath(): string {
  return requiredEnv('ANSFLOW_TEST_KUBECONFIG', 'kube');
}

/** The docker daemon address of the isolated test dockerd (unix socket URL). */
export function dockerHost(): string {
  return requiredEnv('DOCKER_HOST', 'docker');
}

/** Socket path of the test dockerd, in the form dockerode's `socketPath` option takes. */
export function dockerSocketPath(): string {
  return dockerHost().replace(/^unix:\/\//, '');
}

/** The imported busybox base image (no registry is reachable, so every test image builds on it). */
export function busyboxImage(): string {
  return process.env.ANSFLOW_TEST_BUSYBOX_IMAGE || 'ansflow-test/busybox:1';
}

/** Absolute path of the helm 3 binary. */
export function helmPath(): string {
  return requiredEnv('ANSFLOW_TEST_HELM', 'helm');
}

/** Absolute path of a kubectl binary (1.32, works against the 1.20 apiserver with a skew warning). */
export function kubectlPath(): string {
  return requiredEnv('ANSFLOW_TEST_KUBECTL', 'kube');
}

/** `127.0.0.1:<port>` of this run's open registry (test/infra/engines/90-registry.sh), reachable by dockerd and the kubelet. */
export function registryAddress(): string {
  return requiredEnv('ANSFLOW_TEST_REGISTRY', 'registry');
}

/** Absolute path of ansible-playbook. */
export function ansiblePlaybookPath(): string {
  return requiredEnv('ANSFLOW_TEST_ANSIBLE_PLAYBOOK', 'ansible');
}

/** The loopback sshd of this run (test/infra/engines/80-ssh.sh): it accepts only `key` for `user`. */
export interface SshTarget {
  host: string;
  port: number;
  user: string;
  /** Private key file (ed25519, no passphrase) whose public half is the server's only authorized key. */
  key: string;
  /** A known_hosts file holding the server's per-run host key as `[127.0.0.1]:port`. */
  knownHosts: string;
  /** An ssh-agent socket holding `key` (dockerode's ssh transport authenticates through an agent only). */
  authSock: string;
}

export function sshTarget(): SshTarget {
  return {
    host: requiredEnv('ANSFLOW_TEST_SSH_HOST', 'ssh'),
    port: Number(requiredEnv('ANSFLOW_TEST_SSH_PORT', 'ssh')),
    user: requiredEnv('ANSFLOW_TEST_SSH_USER', 'ssh'),
    key: requiredEnv('ANSFLOW_TEST_SSH_KEY', 'ssh'),
    knownHosts: requiredEnv('ANSFLOW_TEST_SSH_KNOWN_HOSTS', 'ssh'),
    authSock: requiredEnv('ANSFLOW_TEST_SSH_AUTH_SOCK', 'ssh'),
  };
}

/** Absolute path of the Chromium binary playwright-core drives. */
export function chromiumPath(): string {
  return process.env.ANSFLOW_TEST_CHROMIUM || '/usr/bin/chromium';
}

/** Chromium flags that work on the test machines (root, no GPU, no network beyond loopback). */
export const chromiumArgs: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A DNS-1123-safe unique name (namespaces, releases, containers) so tests never collide. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`.toLowerCase();
}

/** The folder for screenshots and other artifacts (repo's test-results/), created on demand. */
export function testResultsDir(): string {
  const dir = resolve(process.cwd(), 'test-results');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A path inside this run's state folder (falls back to the OS temp dir outside with-engines.sh). */
export function runDirPath(...parts: string[]): string {
  return join(process.env.ANSFLOW_TEST_RUN_DIR ?? process.env.TMPDIR ?? '/tmp', ...parts);
}
