import { test } from 'node:test';
import assert from 'node:assert/strict';
import { complete, SchemaNavigator } from '../../../src/language/index.js';
import { analyze } from './fixtures/analyze.js';
import { miniSchema } from './fixtures/miniSchema.js';
import { cursor } from './cursor.js';

const nav = new SchemaNavigator(miniSchema);
const BASE = `version: 1
params:
  target:
    type: string
    default: prod
steps:
  build:
    type: docker.build
    with:
      image: app
    outputs:
      image: the pushed image
  test:
    type: shell
    needs: [build]
    with:
      script: echo hi
`;

function labels(src: string, live?: string): string[] {
  const { text, offset } = cursor(src);
  // Completion runs on the live text with the analysis of the last parse, as in the editor.
  return complete(analyze(live ?? BASE), nav, offset, { text }).map((e) => e.label);
}

const cases: Array<{ name: string; src: string; has: string[]; first?: string; not?: string[] }> = [
  { name: 'top-level keys, required first', src: '|', has: ['version', 'steps', 'name'], first: 'version' },
  { name: 'step keys on an empty line in a step, existing ones left out', src: BASE.replace('    needs: [build]\n', '    needs: [build]\n    |\n'), has: ['continue-on-error'], not: ['type', 'needs', 'with'] },
  { name: 'whole-step snippets per type in steps:', src: BASE + '  |', has: ['shell step', 'docker.build step'] },
  { name: 'enum values for a step type', src: BASE.replace('type: shell', 'type: |'), has: ['shell', 'docker.build'] },
  { name: 'with keys picked by the step type', src: BASE.replace('      script: echo hi', '      script: echo hi\n      |'), has: ['shell'], not: ['image', 'script'] },
  { name: 'step ids inside needs (flow)', src: BASE.replace('needs: [build]', 'needs: [build, |]'), has: [], not: ['test', 'build'] },
  { name: 'step ids inside needs (empty)', src: BASE.replace('needs: [build]', 'needs: [|]'), has: ['build'], not: ['test'] },
  { name: 'expression roots after ${{ ', src: BASE.replace('echo hi', 'echo ${{ |'), has: ['params', 'steps', 'env', 'secrets', 'matrix', 'success()'] },
  { name: 'step ids after steps.', src: BASE.replace('echo hi', 'echo ${{ steps.|'), has: ['build'], not: ['test'] },
  { name: 'outputs of a step', src: BASE.replace('echo hi', 'echo ${{ steps.build.outputs.| }}'), has: ['image'] },
  { name: 'params members', src: BASE.replace('echo hi', 'echo ${{ params.t|'), has: ['target'] },
  { name: 'booleans', src: BASE.replace('    needs: [build]\n', '    needs: [build]\n    continue-on-error: |\n'), has: ['true', 'false'] },
  { name: 'nothing in comments', src: BASE + '# steps: |', has: [], not: ['version'] },
];

for (const c of cases) {
  test(`(unit) complete: ${c.name}`, () => {
    const got = labels(c.src);
    for (const h of c.has) assert.ok(got.includes(h), `${h} in ${JSON.stringify(got)}`);
    for (const n of c.not ?? []) assert.ok(!got.includes(n), `${n} not in ${JSON.stringify(got)}`);
    if (c.first) assert.equal(got[0], c.first);
  });
}

test('(unit) complete: the step snippet carries the required with keys and a fresh id', () => {
  const { text, offset } = cursor(BASE + '  |');
  const item = complete(analyze(BASE), nav, offset, { text }).find((e) => e.label === 'docker.build step')!;
  assert.equal(item.snippet, true);
  assert.equal(item.insertText, '${1:build-2}:\n  type: docker.build\n  with:\n    image: ${2}$0');
});

test('(unit) complete: file paths for path-valued keys, relative to the pipeline folder', () => {
  const src = BASE.replace('      image: app', '      image: app\n      context: sub/|');
  const { text, offset } = cursor(src);
  const ws = {
    listDir: (p: string) => (p === '/ws/sub/' || p === '/ws/sub' ? [{ name: 'docker', isDirectory: true }, { name: 'a.txt', isDirectory: false }] : undefined),
  };
  const got = complete(analyze(BASE), nav, offset, { text, workspace: ws });
  assert.deepEqual(got.map((e) => [e.label, e.kind]), [['docker/', 'folder']], 'context wants folders only');
  assert.equal(text.slice(got[0]!.range.start, got[0]!.range.end), '');
});

test('(unit) complete: templates in uses, env / secrets / matrix members, against the real schema', async () => {
  const { readFileSync } = await import('node:fs');
  const real = new SchemaNavigator(JSON.parse(readFileSync('schemas/pipeline.schema.json', 'utf8')));
  const text = `version: 1
env:
  REGION: eu
secrets:
  token:
    from: env
    env: TOKEN
templates:
  lint-base:
    type: shell
    with:
      run: npm run lint
steps:
  lint:
    uses: lint-base
  build:
    type: shell
    matrix:
      node: [20, 22]
    env:
      MODE: fast
    with:
      run: echo EXPR
`;
  const a = analyze(text);
  const at = (live: string) => {
    const { text: t, offset } = cursor(live);
    return complete(a, real, offset, { text: t }).map((e) => e.label);
  };
  assert.deepEqual(at(text.replace('uses: lint-base', 'uses: |')), ['lint-base']);
  assert.deepEqual(at(text.replace('EXPR', '${{ env.|')).sort(), ['MODE', 'REGION']);
  assert.deepEqual(at(text.replace('EXPR', '${{ secrets.|')), ['token']);
  assert.deepEqual(at(text.replace('EXPR', '${{ matrix.|')), ['node']);
  const types = at(text.replace('    type: shell\n    matrix', '    type: |\n    matrix'));
  assert.ok(types.includes('shell') && types.includes('helm.upgrade') && types.includes('ansible.playbook'), types.join(','));
  const withKeys = at(text.replace('      run: echo EXPR', '      run: echo EXPR\n      |'));
  assert.deepEqual(withKeys, ['shell', 'args', 'strict'], 'shell `with` keys not yet written');
});

test('(unit) complete: renaming an existing key replaces the key only', () => {
  const { text, offset } = cursor(BASE.replace('    needs: [build]', '    ne|eds: [build]'));
  const item = complete(analyze(BASE), nav, offset, { text }).find((e) => e.label === 'needs')!;
  assert.equal(item.insertText, 'needs');
  assert.equal(item.snippet, false);
  assert.equal(text.slice(item.range.start, item.range.end), 'needs');
});
