// The two layers that need real engines, run inside ONE with-engines.sh session (one set of engines per
// run): integration first, then e2e, whose code-server inherits DOCKER_HOST, KUBECONFIG, ANSFLOW_TEST_HELM…
// so the Clusters, Helm, Containers and Inventories checks reach live engines instead of their no-engine path.
// Both layers always run; the exit code is the first failure's. Usage (from package.json "test:engines"):
//   bash test/infra/with-engines.sh node test/runEngineLayers.mjs
import { spawnSync } from 'node:child_process';

/** @type {Array<[string, string[]]>} */
const layers = [
  ['integration', ['test/runNodeTests.mjs', 'test/integration', '--test-concurrency=1']],
  ['e2e', ['test/e2e/runE2E.mjs']],
  // Workspace trust can only be switched on at server start, so the untrusted-folder suite needs its own server.
  ['e2e (untrusted workspace)', ['test/e2e/runE2E.mjs', '--no-build', '--trust']],
];
let rc = 0;
for (const [name, args] of layers) {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
  const code = r.status ?? 1;
  console.log(`::: test:engines: ${name} exit ${code} in ${Math.round((Date.now() - t0) / 1000)}s`);
  if (code !== 0 && rc === 0) rc = code;
}
process.exit(rc);
