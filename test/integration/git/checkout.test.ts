// (integration) git.checkout with the real git: a bare repository by path and file://, a `git daemon`
// on loopback (with a submodule served by it), and HTTPS-style smart HTTP with a token against
// `git http-backend` behind a tiny Basic-auth server (plain HTTP on loopback: the token path is the
// same GIT_ASKPASS exchange; TLS adds nothing git-specific), and ssh:// to the test sshd (engine `ssh`).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeStepContext } from '../kubernetes/fakeStepContext.js';
import { gitCheckoutStep } from '../../../src/core/runner/steps/git/checkoutStep.js';
import { withRunFolder } from '../../../src/core/runner/runFolder.js';
import { requireEngine } from '../engines.js';

const root = mkdtempSync(join(tmpdir(), 'ansflow-git-it-'));
const children: ChildProcess[] = [];
after(() => {
  for (const c of children) c.kill('SIGKILL');
});

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'protocol.file.allow=always', ...args], { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } }).trim();
}

/** A bare repository with main (two commits), a tag v1 on the first, and a branch `feature`. */
function makeRepo(dir: string, name: string, extra?: (work: string) => void): { bare: string; first: string; main: string; feature: string } {
  const work = join(dir, `${name}-work`);
  mkdirSync(work, { recursive: true });
  git(work, 'init', '-q', '-b', 'main');
  writeFileSync(join(work, 'a.txt'), 'one\n');
  git(work, 'add', '.');
  git(work, 'commit', '-q', '-m', 'one');
  const first = git(work, 'rev-parse', 'HEAD');
  git(work, 'tag', 'v1');
  git(work, 'checkout', '-q', '-b', 'feature');
  writeFileSync(join(work, 'f.txt'), 'feature\n');
  git(work, 'add', '.');
  git(work, 'commit', '-q', '-m', 'feature');
  const feature = git(work, 'rev-parse', 'HEAD');
  git(work, 'checkout', '-q', 'main');
  writeFileSync(join(work, 'a.txt'), 'two\n');
  extra?.(work);
  git(work, 'add', '.');
  git(work, 'commit', '-q', '-m', 'two');
  const main = git(work, 'rev-parse', 'HEAD');
  const bare = join(dir, `${name}.git`);
  git(dir, 'clone', '-q', '--bare', work, bare);
  return { bare, first, main, feature };
}

async function checkout(workspace: string, w: Record<string, unknown>, secrets: Record<string, string> = {}) {
  const { ctx, out } = fakeStepContext(w, { workspace, cwd: workspace, secrets, env: { ...(process.env as Record<string, string>), GIT_CONFIG_NOSYSTEM: '1' } });
  const runFolder = mkdtempSync(join(root, 'run-'));
  const outcome = await withRunFolder(runFolder, () => gitCheckoutStep.run(ctx));
  return { outcome, logs: out.logs.join(''), runFolder };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

test('(integration) git.checkout from a bare repository by path and file://: default branch, tag, commit, shallow depth, clean', async () => {
  const repo = makeRepo(root, 'local');
  const ws = mkdtempSync(join(root, 'ws-'));

  const a = await checkout(ws, { repository: repo.bare, path: 'app' });
  assert.equal(a.outcome.exitCode, 0, a.outcome.message);
  assert.deepEqual(a.outcome.outputs, { commit: repo.main, ref: 'refs/heads/main' });
  assert.equal(readFileSync(join(ws, 'app', 'a.txt'), 'utf8'), 'two\n');
  assert.equal(git(join(ws, 'app'), 'rev-list', '--count', 'HEAD'), '1', 'depth defaults to 1');
  assert.equal(git(join(ws, 'app'), 'branch', '--show-current'), 'main');

  // The same folder again: fetched, not cloned; a tag is checked out detached.
  const b = await checkout(ws, { repository: `file://${repo.bare}`, path: 'app', ref: 'v1', depth: 0 });
  assert.equal(b.outcome.exitCode, 0, b.outcome.message);
  assert.deepEqual(b.outcome.outputs, { commit: repo.first, ref: 'refs/tags/v1' });
  assert.equal(readFileSync(join(ws, 'app', 'a.txt'), 'utf8'), 'one\n');

  // A local change blocks a checkout that would overwrite it, unless clean is on.
  writeFileSync(join(ws, 'app', 'a.txt'), 'local edit\n');
  writeFileSync(join(ws, 'app', 'untracked.txt'), 'x\n');
  const blocked = await checkout(ws, { repository: repo.bare, path: 'app', ref: 'main' });
  assert.equal(blocked.outcome.exitCode, 1);
  assert.match(blocked.outcome.message!, /^git checkout failed: /);
  const c = await checkout(ws, { repository: repo.bare, path: 'app', ref: repo.feature, clean: true });
  assert.equal(c.outcome.exitCode, 0, c.outcome.message);
  assert.deepEqual(c.outcome.outputs, { commit: repo.feature, ref: repo.feature });
  assert.equal(readFileSync(join(ws, 'app', 'a.txt'), 'utf8'), 'one\n');
  assert.ok(existsSync(join(ws, 'app', 'f.txt')));
  assert.ok(!existsSync(join(ws, 'app', 'untracked.txt')), 'clean removes untracked files');

  // An abbreviated commit id is found among the branches.
  const d = await checkout(ws, { repository: repo.bare, path: 'app', ref: repo.first.slice(0, 8) });
  assert.equal(d.outcome.exitCode, 0, d.outcome.message);
  assert.equal(d.outcome.outputs?.commit, repo.first);

  const bad = await checkout(ws, { repository: repo.bare, path: 'app', ref: 'no-such-branch' });
  assert.equal(bad.outcome.exitCode, 1);
  assert.match(bad.outcome.message!, /ref 'no-such-branch' is neither a branch, a tag nor a commit id/);
});

test('(integration) git.checkout over git:// from a git daemon on loopback, with a submodule', async () => {
  const base = mkdtempSync(join(root, 'daemon-'));
  const port = await freePort();
  const daemon = spawn('git', ['daemon', '--reuseaddr', '--export-all', `--base-path=${base}`, '--listen=127.0.0.1', `--port=${port}`, '--informative-errors', base], { stdio: 'ignore' });
  children.push(daemon);
  const sub = makeRepo(base, 'sub');
  const url = `git://127.0.0.1:${port}`;
  const repo = makeRepo(base, 'app', (work) => git(work, 'submodule', 'add', '-q', `${url}/sub.git`, 'lib'));
  // Ready when it answers.
  for (;;) {
    try {
      execFileSync('git', ['ls-remote', `${url}/app.git`], { stdio: 'ignore' });
      break;
    } catch {
      assert.equal(daemon.exitCode, null, 'git daemon exited');
      await new Promise((r) => setImmediate(r));
    }
  }
  const ws = mkdtempSync(join(root, 'ws-'));
  const r = await checkout(ws, { repository: `${url}/app.git`, submodules: true });
  assert.equal(r.outcome.exitCode, 0, r.outcome.message);
  assert.deepEqual(r.outcome.outputs, { commit: repo.main, ref: 'refs/heads/main' });
  assert.equal(readFileSync(join(ws, 'lib', 'a.txt'), 'utf8'), 'two\n');
  assert.equal(git(join(ws, 'lib'), 'rev-parse', 'HEAD'), sub.main);

  // A full commit id that no ref names directly (the tip of `feature`) is fetched by id.
  const f = await checkout(ws, { repository: `${url}/app.git`, ref: repo.feature });
  assert.equal(f.outcome.exitCode, 0, f.outcome.message);
  assert.equal(f.outcome.outputs?.commit, repo.feature);
});

/** A smart-HTTP server: Basic auth with `user:token`, then `git http-backend` as a CGI program. */
function httpBackend(projectRoot: string, user: string, token: string): Promise<{ url: string; close(): void; authFailures: () => number }> {
  let failures = 0;
  const expected = 'Basic ' + Buffer.from(`${user}:${token}`).toString('base64');
  const server = http.createServer((req, res) => {
    if (req.headers.authorization !== expected) {
      if (req.headers.authorization) failures++;
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="ansflow-test"' }).end();
      return;
    }
    const u = new URL(req.url!, 'http://x');
    const cgi = spawn('git', ['http-backend'], {
      env: {
        ...process.env,
        GIT_PROJECT_ROOT: projectRoot,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: decodeURIComponent(u.pathname),
        QUERY_STRING: u.search.slice(1),
        REQUEST_METHOD: req.method!,
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        REMOTE_USER: user,
        REMOTE_ADDR: '127.0.0.1',
        GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
        HTTP_CONTENT_ENCODING: String(req.headers['content-encoding'] ?? ''),
      },
    });
    children.push(cgi);
    req.pipe(cgi.stdin);
    let head = Buffer.alloc(0);
    let headerDone = false;
    cgi.stdout.on('data', (chunk: Buffer) => {
      if (headerDone) return void res.write(chunk);
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      headerDone = true;
      let status = 200;
      for (const line of head.subarray(0, end).toString().split('\r\n')) {
        const i = line.indexOf(':');
        const [k, v] = [line.slice(0, i), line.slice(i + 1).trim()];
        if (k.toLowerCase() === 'status') status = parseInt(v, 10);
        else res.setHeader(k, v);
      }
      res.writeHead(status);
      res.write(head.subarray(end + 4));
    });
    cgi.on('close', () => res.end());
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`, close: () => (server.closeAllConnections(), server.close()), authFailures: () => failures })));
}

test('(integration) git.checkout over smart HTTP with a token from a secret through GIT_ASKPASS, never in logs or argv', async () => {
  const base = mkdtempSync(join(root, 'http-'));
  const repo = makeRepo(base, 'app');
  const token = 'tok-' + Math.random().toString(36).slice(2);
  const server = await httpBackend(base, 'ci-bot', token);
  try {
    const ws = mkdtempSync(join(root, 'ws-'));
    const r = await checkout(ws, { repository: `${server.url}/app.git`, ref: 'feature', tokenSecret: 'GIT_TOKEN', username: 'ci-bot' }, { GIT_TOKEN: token });
    assert.equal(r.outcome.exitCode, 0, r.outcome.message);
    assert.deepEqual(r.outcome.outputs, { commit: repo.feature, ref: 'refs/heads/feature' });
    assert.ok(!r.logs.includes(token), 'the token is not logged');
    assert.ok(!readFileSync(join(ws, '.git', 'config'), 'utf8').includes(token), 'the token is not stored in the checkout');
    assert.deepEqual(readdirSync(r.runFolder), [], 'the askpass folder is removed');
    assert.equal(server.authFailures(), 0);

    // A wrong token fails at once with git's message (no prompt waits for a terminal).
    const ws2 = mkdtempSync(join(root, 'ws-'));
    const bad = await checkout(ws2, { repository: `${server.url}/app.git`, tokenSecret: 'GIT_TOKEN', username: 'ci-bot' }, { GIT_TOKEN: 'wrong' });
    assert.equal(bad.outcome.exitCode, 1);
    assert.match(bad.outcome.message!, /^git ls-remote failed: .*(Authentication failed|401)/);
    assert.ok(server.authFailures() > 0);

    const missing = await checkout(ws2, { repository: `${server.url}/app.git`, tokenSecret: 'NOT_SET' });
    assert.equal(missing.outcome.exitCode, 1);
    assert.match(missing.outcome.message!, /with.tokenSecret: secret 'NOT_SET' is not set/);
  } finally {
    server.close();
  }
});

test('(integration) git.checkout over SSH to the test sshd with a key from a secret and strict known_hosts', async (t) => {
  if (!requireEngine(t, 'ssh')) return;
  const base = mkdtempSync(join(root, 'ssh-'));
  const repo = makeRepo(base, 'app');
  const key = readFileSync(process.env.ANSFLOW_TEST_SSH_KEY!, 'utf8');
  const knownHosts = readFileSync(process.env.ANSFLOW_TEST_SSH_KNOWN_HOSTS!, 'utf8');
  const url = `ssh://${process.env.ANSFLOW_TEST_SSH_USER}@${process.env.ANSFLOW_TEST_SSH_HOST}:${process.env.ANSFLOW_TEST_SSH_PORT}${repo.bare}`;
  const ws = mkdtempSync(join(root, 'ws-'));
  const r = await checkout(ws, { repository: url, ref: 'v1', sshKeySecret: 'DEPLOY_KEY', knownHosts }, { DEPLOY_KEY: key });
  assert.equal(r.outcome.exitCode, 0, r.outcome.message);
  assert.deepEqual(r.outcome.outputs, { commit: repo.first, ref: 'refs/tags/v1' });
  assert.ok(!r.logs.includes('PRIVATE KEY'), 'the key is not logged');
  assert.deepEqual(readdirSync(r.runFolder), [], 'the key file and its folder are removed');

  // known_hosts naming another key for the host: strict checking refuses the server.
  const other = knownHosts.replace(/ssh-ed25519 \S+/, 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl');
  const bad = await checkout(mkdtempSync(join(root, 'ws-')), { repository: url, sshKeySecret: 'DEPLOY_KEY', knownHosts: other }, { DEPLOY_KEY: key });
  assert.equal(bad.outcome.exitCode, 1);
  assert.match(bad.outcome.message!, /^git ls-remote failed: fatal: Could not read from remote repository/);
});
