import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  codeLenses,
  isLensCommand,
  documentLinks,
  documentSymbols,
  foldingRanges,
  hover,
  occurrences,
  pipelineDiagnostics,
  renameEdits,
  SchemaNavigator,
  selectionRanges,
  symbolAt,
  type TextEdit,
} from '../../../src/language/index.js';
import { analyze } from './fixtures/analyze.js';
import { miniSchema } from './fixtures/miniSchema.js';
import { offsetOf } from './cursor.js';

const nav = new SchemaNavigator(miniSchema);
const TEXT = `# Build and test
# the app
version: 1
params:
  target:
    type: string
    default: prod
steps:
  build:
    type: docker.build
    with:
      image: app
      context: ./docker
    outputs:
      image: the pushed image
  test:
    type: shell
    needs: [build]
    with:
      script: echo \${{ steps.build.outputs.image }} to \${{ params.target }}
`;
const a = analyze(TEXT);

function apply(text: string, edits: TextEdit[]): string {
  return [...edits].sort((x, y) => y.range.start - x.range.start).reduce((t, e) => t.slice(0, e.range.start) + e.newText + t.slice(e.range.end), text);
}

test('(unit) hover: schema docs with default and example on keys', () => {
  const h = hover(analyze('version: 1\nconcurrency: 3\n'), nav, 'version: 1\nconc'.length);
  assert.ok(h);
  assert.match(h.markdown, /Parallel steps\./);
  assert.match(h.markdown, /Default: `4`/);
  assert.match(h.markdown, /Example:/);
});

test('(unit) hover: a step id shows type, needs and the last run status', () => {
  const ws = { lastRun: (_f: string, id: string) => (id === 'test' ? { status: 'failure', durationMs: 1200 } : undefined) };
  const h = hover(a, nav, offsetOf(TEXT, '  test:', 3), ws)!;
  assert.match(h.markdown, /`test` — `shell`/);
  assert.match(h.markdown, /needs: `build`/);
  assert.match(h.markdown, /last run: \*\*failure\*\* in 1\.2 s/);
  const onNeed = hover(a, nav, offsetOf(TEXT, '[build]', 2))!;
  assert.match(onNeed.markdown, /needed by: `test`/);
});

test('(unit) hover: expressions resolve params and outputs', () => {
  const p = hover(a, nav, offsetOf(TEXT, 'params.target', 9))!;
  assert.match(p.markdown, /Value: `"prod"` \(default\)/);
  assert.equal(TEXT.slice(p.range.start, p.range.end), 'params.target');
  const ws = { lastRun: () => ({ status: 'success', outputs: { image: 'reg/app:1' } }) };
  const o = hover(a, nav, offsetOf(TEXT, 'outputs.image }}', 9), ws)!;
  assert.match(o.markdown, /output\*\* `image` of step `build`/);
  assert.match(o.markdown, /Last run value: `reg\/app:1`/);
  const s = hover(a, nav, offsetOf(TEXT, 'steps.build.', 7))!;
  assert.equal(TEXT.slice(s.range.start, s.range.end), 'steps.build');
});

test('(unit) references and rename of a step id cover the key, needs and expressions', () => {
  const sym = symbolAt(a, offsetOf(TEXT, '[build]', 1));
  assert.deepEqual(sym, { kind: 'step', name: 'build' });
  const occ = occurrences(a, sym!);
  assert.equal(TEXT.slice(occ.definition!.start, occ.definition!.end), 'build');
  assert.deepEqual(occ.references.map((r) => r.start), [offsetOf(TEXT, '[build]', 1), offsetOf(TEXT, 'steps.build', 6)]);
  const renamed = apply(TEXT, renameEdits(a, offsetOf(TEXT, '  build:', 2), 'compile'));
  assert.match(renamed, /\n {2}compile:\n/);
  assert.match(renamed, /needs: \[compile\]/);
  assert.match(renamed, /steps\.compile\.outputs\.image/);
  assert.throws(() => renameEdits(a, offsetOf(TEXT, '  build:', 2), 'test'), /already exists/);
  assert.throws(() => renameEdits(a, offsetOf(TEXT, '  build:', 2), '9 lives'), /not a valid/);
});

test('(unit) references and rename of a param follow params.<name>', () => {
  const renamed = apply(TEXT, renameEdits(a, offsetOf(TEXT, 'params.target', 8), 'env_name'));
  assert.match(renamed, /params:\n {2}env_name:/);
  assert.match(renamed, /\$\{\{ params\.env_name \}\}/);
});

test('(unit) document links resolve path keys against the pipeline folder and flag missing files', () => {
  const links = documentLinks(a);
  assert.deepEqual(links.map((l) => [l.key, l.target, TEXT.slice(l.range.start, l.range.end)]), [['context', '/ws/docker', './docker']]);
  const missing = pipelineDiagnostics(analyze(TEXT, '/ws/p.ansflow.yaml'), { exists: () => false }).filter((d) => d.code === 'file-not-found');
  assert.deepEqual(missing.map((d) => [d.severity, TEXT.slice(d.range.start, d.range.end)]), [['warning', './docker']]);
  assert.equal(pipelineDiagnostics(a, { exists: () => true }).filter((d) => d.code === 'file-not-found').length, 0);
});

test('(unit) document links: a job\'s steps link their path keys too, against the job\'s working directory', () => {
  const text = ['version: 1', 'jobs:', '  deploy:', '    workingDirectory: ops', '    steps:', '      play:', '        type: ansible.playbook', '        with:', '          playbook: site.yml', 'steps:', '  build:', '    type: docker.build', '    with:', '      context: ./docker', ''].join('\n');
  const jobs = analyze(text, '/ws/p.ansflow.yaml');
  assert.deepEqual(documentLinks(jobs).map((l) => [l.key, l.target, l.stepId, text.slice(l.range.start, l.range.end)]).sort(), [['context', '/ws/docker', 'build', './docker'], ['playbook', '/ws/ops/site.yml', 'play', 'site.yml']]);
  const missing = pipelineDiagnostics(jobs, { exists: (p) => p !== '/ws/ops/site.yml' }).filter((d) => d.code === 'file-not-found');
  assert.deepEqual(missing.map((d) => text.slice(d.range.start, d.range.end)), ['site.yml']);
});

test('(unit) outline lists sections, params and steps with their type', () => {
  const syms = documentSymbols(a);
  assert.deepEqual(syms.map((s) => s.name), ['version', 'params', 'steps']);
  const steps = syms.find((s) => s.name === 'steps')!;
  assert.deepEqual(steps.children.map((s) => [s.name, s.detail]), [['build', 'docker.build'], ['test', 'shell ← build']]);
  assert.deepEqual(syms.find((s) => s.name === 'params')!.children.map((s) => s.name), ['target']);
});

test('(unit) folding covers multi-line entries and comment blocks', () => {
  const folds = foldingRanges(a);
  const has = (s: number, e: number, kind?: string) => folds.some((f) => f.startLine === s && f.endLine === e && f.kind === kind);
  assert.ok(has(0, 1, 'comment'), 'leading comment block');
  assert.ok(has(7, 19), 'steps: through the last line');
  assert.ok(has(8, 14), 'build step');
  assert.ok(!folds.some((f) => f.startLine === 2), 'single-line entries do not fold');
});

test('(unit) selection ranges grow from the word to the document', () => {
  const at = offsetOf(TEXT, 'steps.build.outputs', 7);
  const ranges = selectionRanges(a, at).map((r) => TEXT.slice(r.start, r.end));
  assert.equal(ranges[0], 'steps.build.outputs.image');
  assert.ok(ranges.includes('${{ steps.build.outputs.image }}'));
  assert.ok(ranges.some((r) => r.startsWith('script: echo')));
  assert.ok(ranges.some((r) => r.startsWith('test:\n')));
  assert.equal(ranges[ranges.length - 1], TEXT);
  for (let i = 1; i < ranges.length; i++) assert.ok(ranges[i]!.length > ranges[i - 1]!.length);
});

test('(unit) code lenses: run pipeline, debug pipeline and plan at the top, run step and run from here per step', () => {
  const lenses = codeLenses(a);
  assert.deepEqual(
    lenses.map((l) => [l.title, l.command, l.args.join(',')]),
    [
      ['▶ Run pipeline', 'ansflow.runPipeline', ''],
      ['$(debug-alt) Debug pipeline', 'ansflow.debugPipeline', ''],
      ['◆ Plan', 'ansflow.planPipeline', ''],
      ['▶ Run step', 'ansflow.runStep', 'build'],
      ['▶ Run from here', 'ansflow.runFromStep', 'build'],
      ['▶ Run step', 'ansflow.runStep', 'test'],
      ['▶ Run from here', 'ansflow.runFromStep', 'test'],
    ],
  );
  // Run step runs what the step needs too (the editor's "Run with dependencies"); the tooltip must not say "only".
  assert.match(lenses[3]!.tooltip ?? '', /^Run 'build' with the steps it needs/);
  assert.equal(lenses[0]!.range.start, offsetOf(TEXT, 'version'), 'top lens sits on the first key, after comments');
  assert.deepEqual(codeLenses(analyze('version: 1\n')), []);
  // The adapter makes only these clickable: every lens the service gives passes, other command ids do not.
  assert.ok(lenses.every((l) => isLensCommand(l.command)));
  assert.ok(isLensCommand(''), 'a status lens with no command');
  for (const other of ['workbench.action.terminal.sendSequence', 'vscode.open', 'ansflow.runPipeline ']) assert.equal(isLensCommand(other), false, other);
});

test('(unit) file-not-found skips paths an earlier step produces (artifacts, cache outputs, dest)', () => {
  const text = 'version: 1\nsteps:\n  gen:\n    type: shell\n    with:\n      run: make\n    artifacts: [out/data/report.md]\n  pack:\n    type: file\n    needs: [gen]\n    with:\n      action: archive\n      src: out/data\n      dest: dist/pack.tgz\n  lint:\n    type: python\n    with:\n      file: tools/missing.py\n';
  const a = analyze(text, '/ws/p.ansflow.yaml');
  const missing = pipelineDiagnostics(a, { exists: () => false }).filter((d) => d.code === 'file-not-found');
  assert.deepEqual(missing.map((d) => text.slice(d.range.start, d.range.end)), ['tools/missing.py']);
});

test('(unit) templates: definition from `uses`, references and rename', () => {
  const text = 'version: 1\ntemplates:\n  lint-base:\n    type: shell\n    with:\n      run: npm run lint\nsteps:\n  lint:\n    uses: lint-base\n  lint2:\n    uses: lint-base\n';
  const t = analyze(text);
  const sym = symbolAt(t, offsetOf(text, 'uses: lint-base', 8));
  assert.deepEqual(sym, { kind: 'template', name: 'lint-base' });
  const occ = occurrences(t, sym!);
  assert.equal(occ.definition!.start, offsetOf(text, 'lint-base:'));
  assert.equal(occ.references.length, 2);
  const renamed = apply(text, renameEdits(t, offsetOf(text, 'lint-base:', 1), 'lint-common'));
  assert.equal(renamed.match(/lint-common/g)?.length, 3);
});
