// Files holding values or secrets for a tool (Ansible extra vars, the vault password, Helm inline
// values) are written inside the run's 0700 temp folder, so a runner killed with -9 leaves them
// where the next run's stale-folder cleanup removes them (not loose in the system temp folder).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import type { StepType } from '../../../../src/core/contracts/StepType.js';
import { runPipeline } from '../../../../src/core/runner/index.js';
import { withUnsafeVarsFile, UnsafeText } from '../../../../src/core/clients/ansible/unsafeVarsFile.js';
import { withVaultPasswordFile } from '../../../../src/core/clients/ansible/runPlaybook.js';
import { withInlineValues } from '../../../../src/core/runner/steps/helm/inlineValuesFile.js';
import { pipeline, step } from './helpers/pipelines.js';

function inside(folder: string, file: string): boolean {
  const rel = relative(folder, file);
  return !!rel && !rel.startsWith('..') && !rel.startsWith(sep);
}

test('(unit) ansible vars, vault password and helm values files live in the run temp folder while the step runs, and are gone after', async () => {
  const seen: Array<{ name: string; file: string; runFolder: string; text: string; mode: number }> = [];
  const probe: StepType = {
    type: 'probe',
    async run(ctx) {
      const runFolder = dirname(ctx.env.ANSFLOW_OUTPUT!);
      const note = (name: string, file: string) => seen.push({ name, file, runFolder, text: readFileSync(file, 'utf8'), mode: statSync(file).mode & 0o777 });
      await withUnsafeVarsFile({ token: new UnsafeText('s3cret') }, async (f) => note('vars', f));
      await withVaultPasswordFile('vault-s3cret', async (f) => note('vault', f));
      await withInlineValues({ values: { password: 'helm-s3cret' } }, { release: 'r', chart: 'c' } as never, async (o) => note('helm', o.valuesFiles!.at(-1)!));
      return { exitCode: 0 };
    },
  };
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-secret-files-'));
  const s = await runPipeline(pipeline([step('p', { type: 'probe' })]), { workspace: dir, stepTypes: new Map([['probe', probe]]) }).done;
  assert.equal(s.status, 'success', JSON.stringify(s.steps));
  assert.deepEqual(seen.map((x) => x.name), ['vars', 'vault', 'helm']);
  for (const x of seen) {
    assert.ok(inside(x.runFolder, x.file), `${x.name} file ${x.file} is not inside the run folder ${x.runFolder}`);
    assert.match(x.text, /s3cret/);
    assert.equal(x.mode, 0o600, x.name);
    assert.equal(existsSync(x.file), false, `${x.name} file removed after use`);
  }
});

test('(unit) outside a run the files still go to a private folder of the system temp folder', async () => {
  let path = '';
  await withUnsafeVarsFile({ a: 1 }, async (f) => {
    path = f;
    assert.equal(statSync(dirname(f)).mode & 0o777, 0o700);
  });
  assert.ok(inside(tmpdir(), path));
  assert.equal(existsSync(path), false);
});
