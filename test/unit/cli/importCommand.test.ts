// `ansflow import`: the pipeline on stdout (or -o), warnings on stderr by line of the pipeline,
// exit 1 for a source that cannot be read or parsed, 2 for usage errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from '../../../src/cli/runCli.js';
import { parsePipeline } from '../../../src/core/pipeline/index.js';
import { memoryIO } from '../helpers/memoryIO.js';

const CORPUS = resolve(__dirname, '../../fixtures/import/github');

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-import-cli-'));
  mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
  copyFileSync(join(CORPUS, 'release-tags.yml'), join(dir, '.github', 'workflows', 'release.yml'));
  return dir;
}

test('(unit) cli import: prints the pipeline, and each placeholder as a warning with its line in that text', async () => {
  const dir = workspace();
  const io = memoryIO(dir);
  assert.equal(await runCli(['import', '.github/workflows/release.yml'], io), 0, io.err());
  const text = io.out();
  assert.equal(text, readFileSync(join(CORPUS, 'release-tags.ansflow.yaml'), 'utf8').replace('release-tags.yml', 'release.yml'));
  const lines = io.err().trim().split('\n');
  assert.equal(lines.at(-1), 'imported .github/workflows/release.yml (GitHub Actions): 4 warnings, 4 placeholder steps to replace');
  const first = /^<stdout>:(\d+): warning stand-in: docker\/setup-buildx-action@v3: no local equivalent for this action$/.exec(lines[0]!);
  assert.ok(first, lines[0]);
  assert.equal(text.split('\n')[Number(first[1]) - 1]!.trim(), 'setup-buildx-action:');
  const placeholders = parsePipeline(text).diagnostics.filter((d) => d.code === 'placeholder-step');
  assert.equal(placeholders.length, 4);
});

test('(unit) cli import: -o writes the file, refuses to overwrite without --force; --format json', async () => {
  const dir = workspace();
  const io = memoryIO(dir);
  assert.equal(await runCli(['import', '.github/workflows/release.yml', '-o', 'release.ansflow.yaml'], io), 0, io.err());
  assert.equal(io.out(), '');
  assert.match(readFileSync(join(dir, 'release.ansflow.yaml'), 'utf8'), /^# Imported from release\.yml/);
  assert.match(io.err(), /^release\.ansflow\.yaml:\d+: warning stand-in: /m);
  const again = memoryIO(dir);
  assert.equal(await runCli(['import', '.github/workflows/release.yml', '-o', 'release.ansflow.yaml'], again), 2);
  assert.equal(again.err(), 'ansflow: error: release.ansflow.yaml already exists; not overwriting it\nhint: pass --force to overwrite it\n');
  const json = memoryIO(dir);
  assert.equal(await runCli(['import', '.github/workflows/release.yml', '--format', 'json'], json), 0, json.err());
  const out = JSON.parse(json.out()) as { format: string; pipeline: string; warnings: { kind: string; line: number }[] };
  assert.equal(out.format, 'github');
  assert.equal(out.warnings.filter((w) => w.kind === 'stand-in').length, 4);
  assert.ok(out.warnings.every((w) => w.line > 1));
});

test('(unit) cli import: unreadable or unparsable source exits 1, usage errors 2, each in one line', async () => {
  const dir = workspace();
  writeFileSync(join(dir, 'broken.yml'), 'jobs:\n  a: [unclosed\n');
  writeFileSync(join(dir, 'notes.yml'), 'title: not a CI file\n');
  const cases: [string[], number, string][] = [
    [['import', 'missing.yml'], 1, 'ansflow: error: missing.yml not found\n'],
    [['import', 'broken.yml', '--from', 'github'], 1, 'ansflow: error: broken.yml:3: '],
    [['import', 'notes.yml'], 1, 'ansflow: error: notes.yml: not a GitHub Actions workflow, .gitlab-ci.yml or Taskfile (name --from github|gitlab|taskfile to force one)\n'],
    [['import', '.github/workflows/release.yml', '--from', 'jenkins'], 2, "ansflow: error: unknown --from 'jenkins'\nhint: use github, gitlab or taskfile\n"],
    [['import'], 2, 'ansflow: error: '],
  ];
  for (const [argv, code, err] of cases) {
    const io = memoryIO(dir);
    assert.equal(await runCli(argv, io), code, `${argv.join(' ')}: ${io.err()}`);
    assert.ok(io.err().startsWith(err), `${argv.join(' ')}: ${io.err()}`);
    assert.doesNotMatch(io.err(), /\n\s+at /, 'no stack trace');
  }
});

test('(unit) cli import: a --from that contradicts what the file plainly is says so on stderr and in json', async () => {
  const dir = workspace();
  const io = memoryIO(dir);
  assert.equal(await runCli(['import', '.github/workflows/release.yml', '--from', 'taskfile'], io), 1, io.err());
  const gl = memoryIO(dir);
  assert.equal(await runCli(['import', '.github/workflows/release.yml', '--from', 'gitlab'], gl), 0, gl.err());
  assert.match(gl.err(), /^warning: \.github\/workflows\/release\.yml looks like GitHub Actions; --from gitlab reads it as GitLab CI$/m);
  const json = memoryIO(dir);
  assert.equal(await runCli(['import', '.github/workflows/release.yml', '--from', 'gitlab', '--format', 'json'], json), 0, json.err());
  assert.equal((JSON.parse(json.out()) as { detectedFormat?: string }).detectedFormat, 'github');
  const same = memoryIO(dir);
  assert.equal(await runCli(['import', '.github/workflows/release.yml', '--from', 'github'], same), 0, same.err());
  assert.doesNotMatch(same.err(), /looks like/);
});

test('(unit) cli import: what it writes passes ansflow validate and ansflow plan, for each source format', async () => {
  const dir = workspace();
  const fixtures = resolve(__dirname, '../../fixtures/import');
  copyFileSync(join(fixtures, 'gitlab', 'mixed-dag.gitlab-ci.yml'), join(dir, '.gitlab-ci.yml'));
  copyFileSync(join(fixtures, 'taskfile', 'go-service.taskfile.yml'), join(dir, 'Taskfile.yml'));
  for (const [source, out] of [['.github/workflows/release.yml', 'release.ansflow.yaml'], ['.gitlab-ci.yml', 'gitlab.ansflow.yaml'], ['Taskfile.yml', 'tasks.ansflow.yaml']] as const) {
    const imported = memoryIO(dir);
    assert.equal(await runCli(['import', source, '-o', out], imported), 0, imported.err());
    const validated = memoryIO(dir);
    assert.equal(await runCli(['validate', out], validated), 0, `${out}: ${validated.out()}${validated.err()}`);
    assert.match(validated.out() + validated.err(), / 0 errors/);
    const planned = memoryIO(dir);
    assert.equal(await runCli(['plan', out], planned), 0, `${out}: ${planned.err()}`);
    assert.match(planned.out(), /wave 1/);
  }
});
