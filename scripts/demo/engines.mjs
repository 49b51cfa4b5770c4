// The demo's local engines: whether test/infra/install.sh has put them on this machine, and re-running the
// demo under test/infra/with-engines.sh, which starts them and stops every one by PID when the demo ends.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

/** The engines the demo starts: docker, etcd + kube-apiserver, the kubelet with its controllers, helm, ansible. */
export const DEMO_ENGINES = 'docker kube kube-node helm ansible';

const onPath = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { env: { ...process.env, PATH: `${process.env.PATH}:/usr/sbin:/sbin` } }).status === 0;

/** What is missing for the engines to start (empty when they can), each as a short phrase. */
export function missingEngines() {
  const cache = process.env.ANSFLOW_TEST_CACHE ?? join(homedir(), '.cache', 'ansflow-test');
  const missing = [];
  if (process.platform !== 'linux') return ['Linux (the engines run natively)'];
  if (process.getuid?.() !== 0) missing.push('root (dockerd and the kubelet run as root)');
  for (const cmd of ['dockerd', 'etcd']) if (!onPath(cmd)) missing.push(cmd);
  for (const bin of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubelet']) {
    if (!existsSync(join(cache, 'kubernetes', 'bin', bin))) missing.push(bin);
  }
  if (!existsSync(join(cache, 'helm', 'helm'))) missing.push('helm');
  if (!existsSync(join(cache, 'busybox', 'rootfs.tar'))) missing.push('the busybox image');
  return missing;
}

/**
 * Runs `node <script> <args>` under with-engines.sh and resolves with its exit code. Ctrl-C reaches the whole
 * foreground group (with-engines stops the demo, then the engines); a TERM sent to this process is passed on.
 */
export function runUnderEngines(root, script, args) {
  // Our own run folder: with-engines keeps its default one after Ctrl-C (for inspection), a demo has nothing to inspect.
  const runDir = mkdtempSync(join(tmpdir(), 'ansflow-demo-engines-'));
  const child = spawn('bash', [join(root, 'test', 'infra', 'with-engines.sh'), process.execPath, script, ...args], {
    cwd: root,
    stdio: 'inherit',
    // install.sh already ran (missingEngines found everything), so the engines start without re-checking apt.
    env: { ...process.env, ANSFLOW_TEST_ENGINES_WANTED: DEMO_ENGINES, ANSFLOW_TEST_SKIP_INSTALL: '1', ANSFLOW_TEST_RUN_DIR: runDir },
  });
  process.on('SIGINT', () => {});
  for (const sig of ['SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill('SIGTERM'));
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      const rc = code ?? (signal ? 1 : 0);
      const mounted = readFileSync('/proc/mounts', 'utf8').includes(` ${runDir}/`);
      // Ctrl-C (130) and TERM (143) are how a demo ends; any other failure keeps the engines' logs.
      if (!mounted && [0, 130, 143].includes(rc)) rmSync(runDir, { recursive: true, force: true });
      else console.error(`[demo] engine logs kept in ${runDir}`);
      resolve(rc);
    }),
  );
}
