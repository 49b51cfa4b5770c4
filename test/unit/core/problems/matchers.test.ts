// (unit) Problem matchers over real tool output captured by fixtures/regenerate.sh (gcc, python3,
// tsc, eslint, ansible-playbook, helm) and over documented kubectl / docker build formats.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProblemScanner, scanProblems, type MatchContext, type Problem } from '../../../../src/core/problems/index.js';
import { dockerfileInstructionLines } from '../../../../src/core/problems/dockerMatcher.js';

const FIX = join('test', 'unit', 'core', 'problems', 'fixtures');
const fixture = (name: string) => readFileSync(join(FIX, name), 'utf8');
const files = (map: Record<string, string>): MatchContext['readFile'] => (p) => map[p];

/** Reduces problems to what the tests assert: where, how bad, which tool and code. */
const where = (ps: Problem[]) => ps.map((p) => `${p.file}:${p.line}:${p.column} ${p.severity} ${p.source}${p.code ? ` ${p.code}` : ''}`);

const cases: Array<{ name: string; text: string; ctx: MatchContext; expect: string[]; message?: RegExp }> = [
  {
    name: 'gcc warnings and errors (notes at the same spot are folded)',
    text: fixture('gcc.txt'),
    ctx: { cwd: '/tmp/pm' },
    expect: ['/tmp/pm/bad.c:2:11 warning gcc', '/tmp/pm/bad.c:3:10 error gcc'],
  },
  {
    name: 'python traceback points at the innermost own frame',
    text: fixture('py.txt'),
    ctx: { cwd: '/tmp/pm' },
    expect: ['/tmp/pm/app.py:5:1 error python FileNotFoundError'],
    message: /FileNotFoundError: \[Errno 2\]/,
  },
  {
    name: 'python 3.11 underline gives the column when the file is readable',
    text: fixture('py.txt'),
    ctx: { cwd: '/tmp/pm', readFile: files({ '/tmp/pm/app.py': 'import json\n\n\ndef load(path):\n    with open(path) as f:\n' }) },
    expect: ['/tmp/pm/app.py:5:10 error python FileNotFoundError'],
  },
  {
    name: 'python syntax error takes its column from the caret',
    text: fixture('pysyn.txt'),
    ctx: { cwd: '/tmp/pm', readFile: files({ '/tmp/pm/syn.py': 'def f():\n    x = = 1\n' }) },
    expect: ['/tmp/pm/syn.py:2:9 error python SyntaxError'],
  },
  {
    name: 'python traceback skips library frames',
    text: 'Traceback (most recent call last):\n  File "/w/main.py", line 3, in <module>\n    yaml.safe_load(x)\n  File "/usr/lib/python3/dist-packages/yaml/__init__.py", line 125, in safe_load\n    return load(stream, SafeLoader)\nyaml.scanner.ScannerError: mapping values are not allowed here\n',
    ctx: { cwd: '/w' },
    expect: ['/w/main.py:3:1 error python ScannerError'],
  },
  {
    name: 'tsc plain format with codes',
    text: fixture('tsc.txt'),
    ctx: { cwd: '/tmp/pm' },
    expect: ['/tmp/pm/bad.ts:1:7 error tsc TS2322', '/tmp/pm/bad.ts:2:41 error tsc TS2339'],
  },
  {
    name: 'tsc --pretty format with colours',
    text: '\x1b[96msrc/a.ts\x1b[0m:\x1b[93m4\x1b[0m:\x1b[93m2\x1b[0m - \x1b[91merror\x1b[0m\x1b[90m TS1005: \x1b[0m\';\' expected.\n',
    ctx: { cwd: '/r' },
    expect: ['/r/src/a.ts:4:2 error tsc TS1005'],
  },
  {
    name: 'eslint stylish rows under their file header',
    text: fixture('eslint.txt'),
    ctx: { cwd: '/tmp/pm' },
    expect: ['/tmp/pm/lint.js:1:7 error eslint no-unused-vars', '/tmp/pm/lint.js:2:1 warning eslint no-undef', '/tmp/pm/lint.js:2:13 warning eslint no-undef'],
  },
  {
    name: 'eslint compact format',
    text: '/r/a.js: line 3, col 5, Error - Unexpected var. (no-var)\n',
    ctx: { cwd: '/r' },
    expect: ['/r/a.js:3:5 error eslint no-var'],
  },
  {
    name: 'ansible failed task found by name in the playbook',
    text: fixture('ans.txt'),
    ctx: { cwd: '/tmp/pm', hints: { playbook: 'play.yml' }, readFile: files({ '/tmp/pm/play.yml': fixture('play.yml') }) },
    expect: ['/tmp/pm/play.yml:7:7 error ansible fatal'],
    message: /run a failing command.*non-zero return code/,
  },
  {
    name: 'ansible task path (-vv) wins over the name search',
    text: 'TASK [x] ****\ntask path: /p/site.yml:42\nfatal: [web1]: FAILED! => {"msg": "boom"}\n',
    ctx: { cwd: '/p' },
    expect: ['/p/site.yml:42:1 error ansible fatal'],
  },
  {
    name: 'ansible ignored failure is not a problem',
    text: 'TASK [x] ****\ntask path: /p/site.yml:42\nfatal: [web1]: FAILED! => {"msg": "boom"}\n...ignoring\n',
    ctx: { cwd: '/p' },
    expect: [],
  },
  {
    name: 'ansible playbook syntax error',
    text: fixture('ansbad.txt'),
    ctx: { cwd: '/tmp/pm' },
    expect: ['/tmp/pm/badplay.yml:7:1 error ansible error'],
  },
  {
    name: 'helm template execution error mapped onto the chart folder',
    text: fixture('helm.txt'),
    ctx: { cwd: '/w', hints: { chartDir: 'charts/mychart' } },
    expect: ['/w/charts/mychart/templates/service.yaml:4:18 error helm template'],
    message: /nil pointer/,
  },
  {
    name: 'helm template parse error',
    text: fixture('helm2.txt'),
    ctx: { cwd: '/tmp/pm', hints: { chartDir: 'mychart' } },
    expect: ['/tmp/pm/mychart/templates/bad.yaml:1:1 error helm parse'],
  },
  {
    name: 'helm lint rows',
    text: fixture('helmlint.txt'),
    ctx: { cwd: '/tmp/pm', hints: { chartDir: 'mychart' } },
    expect: ['/tmp/pm/mychart/Chart.yaml:1:1 info helm lint', '/tmp/pm/mychart/templates/service.yaml:4:18 error helm template'],
  },
  {
    name: 'docker legacy builder failure at the Nth instruction',
    text: "Step 1/3 : FROM ansflow-test/busybox:1\n ---> 1a2b\nStep 2/3 : RUN echo hi &&     false\n ---> Running in 5f6e\nhi\nThe command '/bin/sh -c echo hi &&     false' returned a non-zero code: 1\n",
    ctx: { cwd: '/w', hints: { dockerfile: 'Dockerfile' }, readFile: files({ '/w/Dockerfile': '# syntax\nFROM ansflow-test/busybox:1\n\n# build\nRUN echo hi && \\\n    false\nCMD ["sh"]\n' }) },
    expect: ['/w/Dockerfile:5:1 error docker build'],
  },
  {
    name: 'docker BuildKit error block',
    text: ' > [2/3] RUN false:\n------\nDockerfile:7\n--------------------\n   7 | >>> RUN false\n--------------------\nERROR: failed to solve: process "/bin/sh -c false" did not complete successfully: exit code: 1\n',
    ctx: { cwd: '/w/app' },
    expect: ['/w/app/Dockerfile:7:1 error docker build'],
  },
  {
    name: 'docker parse error',
    text: 'Error response from daemon: dockerfile parse error line 3: unknown instruction: FOO\n',
    ctx: { cwd: '/w', hints: { dockerfile: 'img/Dockerfile' } },
    expect: ['/w/img/Dockerfile:3:1 error docker parse'],
  },
];

const MANIFEST = `apiVersion: v1
kind: Service
metadata:
  name: web
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replica: 2
  template:
    spec:
      containers:
        - name: app
          image: ""
`;

cases.push(
  {
    name: 'kubectl client-side validation finds the document and field',
    text: 'error: error validating "k8s/app.yaml": error validating data: ValidationError(Deployment.spec): unknown field "replica" in io.k8s.api.apps.v1.DeploymentSpec; if you choose to ignore these errors, turn validation off with --validate=false\n',
    ctx: { cwd: '/w', readFile: files({ '/w/k8s/app.yaml': MANIFEST }) },
    expect: ['/w/k8s/app.yaml:11:3 error kubectl validation'],
  },
  {
    name: 'kubectl strict decoding error locates the unknown field',
    text: 'Error from server (BadRequest): error when creating "k8s/app.yaml": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"\n',
    ctx: { cwd: '/w', readFile: files({ '/w/k8s/app.yaml': MANIFEST }) },
    expect: ['/w/k8s/app.yaml:11:3 error kubectl strict-decoding'],
  },
  {
    name: 'kubectl invalid object locates kind, name and path',
    text: 'The Deployment "web" is invalid: spec.template.spec.containers[0].image: Required value\n',
    ctx: { cwd: '/w', hints: { manifests: ['k8s/app.yaml'] }, readFile: files({ '/w/k8s/app.yaml': MANIFEST }) },
    expect: ['/w/k8s/app.yaml:16:11 error kubectl invalid'],
  },
);

// Real output of kubectl 1.32 against the test kube-apiserver and of dockerd's legacy builder,
// captured by fixtures/regenerate.sh under test/infra/with-engines.sh (docker + kube).
const APP = fixture('k8s-app.yaml');
cases.push(
  {
    name: 'real kubectl client-side validation error',
    text: fixture('kubectl-strict.txt'),
    ctx: { cwd: '/tmp/pmk', readFile: files({ '/tmp/pmk/app.yaml': APP }) },
    expect: ['/tmp/pmk/app.yaml:13:3 error kubectl validation'],
    message: /unknown field "replica"/,
  },
  {
    name: 'real kubectl invalid object (server-side) with the manifest hint',
    text: fixture('kubectl-invalid.txt'),
    ctx: { cwd: '/tmp/pmk', hints: { manifests: ['app2.yaml'] }, readFile: files({ '/tmp/pmk/app2.yaml': APP.replace('replica: 2', 'replicas: 2') }) },
    expect: ['/tmp/pmk/app2.yaml:22:11 error kubectl invalid'],
  },
  {
    name: 'real docker legacy build failure',
    text: fixture('docker-legacy.txt'),
    ctx: { cwd: '/tmp/pmk', hints: { dockerfile: 'Dockerfile' }, readFile: files({ '/tmp/pmk/Dockerfile': fixture('Dockerfile.fixture') }) },
    expect: ['/tmp/pmk/Dockerfile:4:1 error docker build'],
  },
  {
    name: 'real docker parse error',
    text: fixture('docker-parse.txt'),
    ctx: { cwd: '/tmp/pmk', hints: { dockerfile: 'Dockerfile.bad' } },
    expect: ['/tmp/pmk/Dockerfile.bad:2:1 error docker parse'],
  },
);

for (const c of cases) {
  test(`(unit) problem matchers: ${c.name}`, () => {
    const found = scanProblems(c.text, c.ctx);
    assert.deepEqual(where(found), c.expect);
    if (c.message) assert.match(found[0].message, c.message);
  });
}

test('(unit) problem scanner joins lines split across chunks', () => {
  const s = new ProblemScanner({ cwd: '/r' });
  const text = 'src/x.c:1:2: error: bad\nsrc/y.c:3:4: warning: meh\n';
  const out: Problem[] = [];
  for (const ch of text) out.push(...s.push(ch));
  out.push(...s.end());
  assert.deepEqual(where(out), ['/r/src/x.c:1:2 error gcc', '/r/src/y.c:3:4 warning gcc']);
});

test('(unit) problem scanner ignores prose, URLs and times', () => {
  const text = 'Listening on http://127.0.0.1:8080/x\nStarted at 12:30:45: done\nnote: nothing here\n';
  assert.deepEqual(scanProblems(text, { cwd: '/r' }), []);
});

test('(unit) dockerfile instruction lines honour comments and continuations', () => {
  assert.deepEqual(dockerfileInstructionLines('# c\nFROM a\nRUN x \\\n  # inner\n  y\n\nCOPY . .\n'), [2, 3, 7]);
});
