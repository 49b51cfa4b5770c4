// The user guide and README against the code: every relative link and image resolves (anchors included),
// every `ansflow.*` id is contributed in package.json, every `ansflow <command> --option` in code is a real
// CLI command and option, every guide page is reachable from the README, and every picture in docs/images
// is shown somewhere. The checker itself is shown a broken page so it cannot pass by finding nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { COMMANDS } from '../../../src/cli/commands/index.js';
import { COMPLETE_STEPS_COMMAND } from '../../../src/cli/completion/completionModel.js';
import { checkPage, slug, anchors, type DocWorld } from './docChecks.js';
import { DOC_IMAGES } from '../../e2e/docImages.mjs';

const ROOT = resolve(__dirname, '../../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

interface Manifest {
  contributes: {
    commands: { command: string }[];
    configuration: { properties: Record<string, unknown> }[] | { properties: Record<string, unknown> };
    views: Record<string, { id: string }[]>;
    viewsContainers?: Record<string, { id: string }[]>;
    customEditors?: { viewType: string }[];
    walkthroughs?: { id: string; steps: { media?: { image?: string } }[] }[];
  };
}

const manifest = JSON.parse(read('package.json')) as Manifest;

function contributedIds(): Set<string> {
  const c = manifest.contributes;
  const groups = Array.isArray(c.configuration) ? c.configuration : [c.configuration];
  return new Set([
    ...c.commands.map((x) => x.command),
    ...groups.flatMap((g) => Object.keys(g.properties)),
    ...Object.values(c.views).flatMap((v) => v.map((x) => x.id)),
    ...(c.customEditors ?? []).map((e) => e.viewType),
    ...(c.walkthroughs ?? []).map((w) => w.id),
  ]);
}

function cliOptions(): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const c of COMMANDS) {
    const d = c.declaration;
    const flags = new Set<string>();
    for (const [name, o] of Object.entries(d?.options ?? {})) {
      flags.add(`--${name}`);
      if (o.short) flags.add(`-${o.short}`);
    }
    if (d?.format) {
      flags.add('--format').add('-f');
      for (const alias of Object.keys(d.format.aliases ?? {})) flags.add(`--${alias}`);
    }
    out.set(c.name, flags);
  }
  // The hidden helper the completion scripts call; docs/cli.md explains it.
  out.set(COMPLETE_STEPS_COMMAND, new Set());
  return out;
}

const world: DocWorld = {
  exists: (path) => existsSync(join(ROOT, path)),
  markdown: (path) => (existsSync(join(ROOT, path)) ? read(path) : undefined),
  ids: contributedIds(),
  cli: cliOptions(),
};

function pages(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(`${dir}/${e.name}`) : e.name.endsWith('.md') ? [`${dir}/${e.name}`] : []));
  return ['README.md', ...walk('docs')];
}

test('(unit) docs: README and every docs page link only to files, anchors, commands, settings and CLI options that exist', () => {
  const problems = pages().flatMap((p) => checkPage(p, read(p), world));
  assert.deepEqual(problems.map((p) => `${p.file}:${p.line}: ${p.message}`), []);
});

test('(unit) docs: the checker reports a broken link, a missing anchor, an unknown command id, setting and CLI option', () => {
  const page = [
    '# Page',
    'See [the format](pipeline-format.md#steps) and [nowhere](no-such-page.md).',
    'Also [a heading that is not there](cli.md#no-such-heading) and ![a picture](images/missing.png).',
    'Run `ansflow.runPipelin` or set `ansflow.concurency`; `ansflow.runPipeline` and `ansflow.concurrency` exist.',
    '```sh',
    'ansflow validate --format json',
    'ansflow run x.ansflow.yaml --aprove gate',
    'ansflow launch x.ansflow.yaml',
    '```',
    '[This page](#page) and [a typo](#pgae).',
  ].join('\n');
  const found = checkPage('docs/example.md', page, world).map((p) => `${p.line}: ${p.message}`);
  assert.deepEqual(found, [
    "2: link 'no-such-page.md' points at docs/no-such-page.md, which does not exist",
    "3: link 'cli.md#no-such-heading': docs/cli.md has no heading with the anchor #no-such-heading",
    "3: link 'images/missing.png' points at docs/images/missing.png, which does not exist",
    "4: 'ansflow.runPipelin' is not a contributed command, setting, view or walkthrough",
    "4: 'ansflow.concurency' is not a contributed command, setting, view or walkthrough",
    "7: 'ansflow run' has no option '--aprove'",
    `8: 'ansflow launch' is not a CLI command (${[...COMMANDS.map((c) => c.name), COMPLETE_STEPS_COMMAND].join(', ')})`,
    "10: link '#pgae': docs/example.md has no heading with the anchor #pgae",
  ]);
});

test('(unit) docs: anchors follow GitHub (code, punctuation and duplicates)', () => {
  assert.equal(slug('`docker.build`'), 'dockerbuild');
  assert.equal(slug('Values in scripts'), 'values-in-scripts');
  assert.equal(slug('Run, cancel & rerun'), 'run-cancel--rerun');
  assert.deepEqual([...anchors('# A\n## A\n```\n# not a heading\n```\n### `b` c')], ['a', 'a-1', 'b-c']);
});

test('(unit) docs: every docs page is linked from the guide index or the README, and the index from the README', () => {
  const index = read('docs/README.md');
  const readme = read('README.md');
  assert.match(readme, /\]\(docs\/README\.md\)/, 'README links the user guide');
  const linked = (text: string, target: string) => text.includes(`](${target})`) || text.includes(`](${target}#`);
  for (const p of pages().filter((p) => p.startsWith('docs/') && p !== 'docs/README.md')) {
    assert.ok(linked(index, p.slice('docs/'.length)) || linked(readme, p), `${p} is linked from docs/README.md or README.md`);
  }
});

test('(unit) docs: every picture in docs/images is shown by a page or the walkthrough', () => {
  const texts = [...pages().map(read), read('package.json')].join('\n');
  for (const image of readdirSync(join(ROOT, 'docs/images'))) {
    assert.ok(texts.includes(`images/${image}`), `docs/images/${image} is used`);
  }
});

test('(unit) docs: each picture the e2e run refreshes is taken by the UI check it names, under that name', () => {
  for (const { image, check, screenshot } of DOC_IMAGES) {
    assert.ok(existsSync(join(ROOT, 'docs/images', image)), `docs/images/${image} exists`);
    const source = read(`test/e2e/ui/${check}`);
    assert.ok(source.includes(`screenshot(page, '${screenshot.replace(/\.png$/, '')}')`), `${check} saves ${screenshot}`);
  }
});

test('(unit) docs: the command-line page has a row for every CLI command', () => {
  const page = read('docs/using-the-cli.md');
  for (const c of COMMANDS) assert.match(page, new RegExp(`^\\| \`${c.name}\` \\| \`ansflow ${c.name}\\b`, 'm'), `docs/using-the-cli.md lists ansflow ${c.name}`);
});
