// (unit) The revision diff: exact hunks on a known case, and on random line lists the diff GNU patch
// applies to the old text gives the new one, with as many changed lines as GNU `diff -d` (minimal) finds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { diffReleaseRevisions, diffStats, unifiedDiff, type HelmRelease } from '../../../../../src/core/clients/helm/index.js';
import { withSeededSample } from '../../../helpers/seededSample.js';

test('(unit) unifiedDiff matches diff -U3 hunks', () => {
  const a = 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n';
  const b = 'a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\n';
  assert.equal(unifiedDiff(a, b, 'old', 'new'), '--- old\n+++ new\n@@ -1,5 +1,5 @@\n a\n-b\n+B\n c\n d\n e\n@@ -8,3 +8,4 @@\n h\n i\n j\n+k\n');
  assert.equal(unifiedDiff(a, a), '');
  assert.equal(unifiedDiff('', 'x\n'), '--- a\n+++ b\n@@ -0,0 +1,1 @@\n+x\n');
  // A missing final newline is no change of its own.
  assert.equal(unifiedDiff('x', 'x\n'), '');
  assert.deepEqual(diffStats(a, b), { added: 2, removed: 1 });
});

test('(unit) diffReleaseRevisions names both revisions and diffs their manifests', () => {
  const rev = (revision: number, manifest: string) => ({ name: 'web', revision, manifest }) as HelmRelease;
  const d = diffReleaseRevisions(rev(1, '---\nkind: ConfigMap\ndata:\n  color: "red"\n'), rev(2, '---\nkind: ConfigMap\ndata:\n  color: "green"\n'));
  assert.equal(d, '--- web revision 1\n+++ web revision 2\n@@ -1,4 +1,4 @@\n ---\n kind: ConfigMap\n data:\n-  color: "red"\n+  color: "green"\n');
});

test('(unit) unifiedDiff agrees with GNU patch and diff -d on random line lists', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-diff-'));
  try {
    const text = fc.array(fc.constantFrom('a', 'b', 'c', 'kind: x', '  y: 1', ''), { maxLength: 30 }).map((l) => (l.length ? `${l.join('\n')}\n` : ''));
    await withSeededSample(fc.tuple(text, text, fc.integer({ min: 0, max: 4 })), 60, (cases) => {
      for (const [oldText, newText, context] of cases) {
        const oldFile = join(dir, 'old');
        const newFile = join(dir, 'new');
        writeFileSync(oldFile, oldText);
        writeFileSync(newFile, newText);
        const patch = unifiedDiff(oldText, newText, 'old', 'new', context);
        if (patch !== '') {
          execFileSync('patch', ['--silent', '--force', oldFile], { input: patch });
          assert.equal(readFileSync(oldFile, 'utf8'), newText, `patch did not reproduce the new text:\n${patch}`);
        } else {
          assert.equal(oldText, newText);
        }
        writeFileSync(oldFile, oldText);
        const gnu = spawnSync('diff', ['-d', '-U0', oldFile, newFile], { encoding: 'utf8' }).stdout.split('\n');
        const expected = { added: gnu.filter((l) => l.startsWith('+') && !l.startsWith('+++')).length, removed: gnu.filter((l) => l.startsWith('-') && !l.startsWith('---')).length };
        assert.deepEqual(diffStats(oldText, newText), expected);
      }
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
