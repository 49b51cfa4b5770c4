// Core starts processes in one place, so cancel, limits and missing-tool messages are the same for
// every tool: only src/core/process/ may use node:child_process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '../../../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

test('(unit) process: only src/core/process/ starts processes in core', () => {
  const files = sources(join(ROOT, 'src/core'));
  assert.ok(files.length > 50);
  const offenders = files
    .map((f) => relative(ROOT, f))
    .filter((f) => !f.startsWith('src/core/process/'))
    .filter((f) => /from ['"](node:)?child_process['"]|require\(['"](node:)?child_process['"]\)/.test(readFileSync(join(ROOT, f), 'utf8')));
  assert.deepEqual(offenders, [], 'use runProcess / runToolCommand from src/core/process instead');
});
