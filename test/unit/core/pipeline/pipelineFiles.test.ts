import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { isPipelineFile, PIPELINE_FILE_EXTENSIONS, PIPELINE_FILENAME_PATTERNS, PIPELINE_GLOBS } from '../../../../src/core/pipeline/index.js';
import { findPipelineFiles } from '../../../../src/cli/commands/validate.js';

const ROOT = join(__dirname, '..', '..', '..', '..');

test('(unit) pipeline file patterns equal the language contribution in package.json', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const lang = pkg.contributes.languages.find((l: { id: string }) => l.id === 'ansflow-pipeline');
  assert.deepEqual([...PIPELINE_FILE_EXTENSIONS].sort(), [...lang.extensions].sort());
  assert.deepEqual([...PIPELINE_FILENAME_PATTERNS].sort(), [...lang.filenamePatterns].sort());
  assert.deepEqual([...PIPELINE_GLOBS].sort(), [...lang.extensions.map((e: string) => `**/*${e}`), ...lang.filenamePatterns].sort());
});

test('(unit) isPipelineFile follows the patterns: nested .ansflow folders yes, run store and plain YAML no', () => {
  const yes = ['ci.ansflow.yaml', 'a/b/ci.ansflow.yml', '.ansflow/ci.yaml', '/ws/.ansflow/ci.yml', '/ws/.ansflow/team/deploy.yaml', 'C:\\ws\\.ansflow\\team\\x.yaml', 'sub/.ansflow/a/b/c.yml'];
  const no = ['ci.yaml', 'ansflow.yaml', '/ws/.ansflow/notes.md', '/ws/.ansflow/runs/r1/meta.yaml', '/ws/.ansflow/runs/x.ansflow.yaml', '/ws/ansflow/ci.yaml', '/ws/x.ansflow.yaml.bak', '/ws/.ansflow'];
  for (const p of yes) assert.equal(isPipelineFile(p), true, p);
  for (const p of no) assert.equal(isPipelineFile(p), false, p);
});

test("(unit) the CLI's folder expansion finds exactly the files isPipelineFile accepts", () => {
  const dir = mkdtempSync(join(tmpdir(), 'af-pipelines-'));
  try {
    const files = ['a.ansflow.yaml', 'b.ansflow.yml', 'c.yaml', '.ansflow/ci.yaml', '.ansflow/team/deploy.yml', '.ansflow/readme.md', '.ansflow/runs/r1/meta.yaml', 'svc/.ansflow/deep/x/y.yaml', 'svc/other.yml'];
    for (const f of files) {
      mkdirSync(dirname(join(dir, f)), { recursive: true });
      writeFileSync(join(dir, f), 'steps: {}\n');
    }
    const all = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? all(join(d, n)) : [join(d, n)]));
    const expected = all(dir).map((f) => relative(dir, f)).filter(isPipelineFile).sort();
    assert.deepEqual(expected, ['.ansflow/ci.yaml', '.ansflow/team/deploy.yml', 'a.ansflow.yaml', 'b.ansflow.yml', 'svc/.ansflow/deep/x/y.yaml']);
    assert.deepEqual(findPipelineFiles(dir).map((f) => relative(dir, f)).sort(), expected);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// A regex on `.ansflow` (`\.ansflow`) or a quoted `**/…ansflow…` glob outside core is a second definition.
const COPY = /\\\.ansflow|['"`]\{?\*\*\/[^'"`]*ansflow/;

test('(unit) pipeline globs and matchers are defined once, in core (no copies in src/vscode or src/cli)', () => {
  const copies: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts') && COPY.test(readFileSync(p, 'utf8'))) copies.push(relative(ROOT, p));
    }
  };
  walk(join(ROOT, 'src/vscode'));
  walk(join(ROOT, 'src/cli'));
  assert.deepEqual(copies, []);
});
