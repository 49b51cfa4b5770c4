// (unit) The "Get started" walkthrough and the views' welcome texts offer only what exists: every
// command link and completion event names a registered command or a contributed view, every media
// file ships, and each welcome text says the next step in one sentence with a working button.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { commandId, type CommandName } from '../../../src/vscode/commands.js';

const ROOT = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const contributes = pkg.contributes;

// Built-in workbench ids the walkthrough links; VS Code registers them, not this extension.
const BUILTIN_COMMANDS = new Set(['workbench.actions.view.problems', 'workbench.view.extension.ansflow']);
const BUILTIN_VIEWS = new Set(['workbench.panel.markers.view']);

function registeredCommands(dir = join(ROOT, 'src', 'vscode'), out = new Set<string>()): Set<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) registeredCommands(p, out);
    else if (/\.tsx?$/.test(name)) for (const m of readFileSync(p, 'utf8').matchAll(/\.registerCommand\(\s*'([A-Za-z]+)'/g)) out.add(commandId(m[1] as CommandName));
  }
  return out;
}

const commands = registeredCommands();
const views = new Set<string>(Object.values(contributes.views as Record<string, Array<{ id: string }>>).flat().map((v) => v.id));
const commandOk = (id: string): boolean => commands.has(id) || BUILTIN_COMMANDS.has(id) || (id.endsWith('.focus') && views.has(id.slice(0, -'.focus'.length)));
const links = (text: string): string[] => [...text.matchAll(/\(command:([A-Za-z0-9_.]+)(?:\?[^)]*)?\)/g)].map((m) => m[1]);

interface Step {
  id: string;
  description: string;
  media: { image?: string | Record<string, string>; markdown?: string; svg?: string };
  completionEvents?: string[];
  when?: string;
}
const walkthrough = (contributes.walkthroughs ?? []).find((w: { id: string }) => w.id === 'ansflow.gettingStarted') as { steps: Step[] } | undefined;

test('(unit) the "Get started with AnsFlow" walkthrough is contributed with its six steps', () => {
  assert.ok(walkthrough, 'no ansflow.gettingStarted walkthrough in package.json');
  assert.deepEqual(walkthrough.steps.map((s) => s.id), ['createPipeline', 'runPipeline', 'fixProblems', 'connectCluster', 'openGraph', 'importCi']);
});

test('(unit) every walkthrough command link and completion event names a registered command or a contributed view', () => {
  for (const step of walkthrough!.steps) {
    for (const id of links(step.description)) assert.ok(commandOk(id), `step ${step.id} links unknown command ${id}`);
    for (const event of step.completionEvents ?? []) {
      const [kind, target] = [event.slice(0, event.indexOf(':')), event.slice(event.indexOf(':') + 1)];
      if (kind === 'onCommand') assert.ok(commandOk(target), `step ${step.id}: completion on unknown command ${target}`);
      else if (kind === 'onView') assert.ok(views.has(target) || BUILTIN_VIEWS.has(target), `step ${step.id}: completion on unknown view ${target}`);
      else assert.ok(['onContext', 'onSettingChanged', 'onLink', 'onEvent'].includes(kind), `step ${step.id}: unknown completion event ${event}`);
    }
  }
});

test('(unit) every visible walkthrough step has a command link and a completion event, so done steps are ticked', () => {
  for (const step of walkthrough!.steps.filter((s) => !s.when)) {
    assert.ok(links(step.description).length > 0, `step ${step.id} has no command button`);
    assert.ok((step.completionEvents ?? []).length > 0, `step ${step.id} has no completion event`);
  }
});

test('(unit) the CI import step shows once the extension sets its context key, and links its command', () => {
  const sources = [...registeredSources(join(ROOT, 'src'))].join('\n');
  const importCi = walkthrough!.steps.find((s) => s.id === 'importCi')!;
  assert.equal(importCi.when, 'ansflow.ciImportAvailable');
  assert.ok(sources.includes(`'setContext', '${importCi.when}', true`), `${importCi.when} is set at activation`);
  assert.match(importCi.description, /\(command:ansflow\.importCi\)/);
});

function* registeredSources(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* registeredSources(p);
    else if (/\.tsx?$/.test(name)) yield readFileSync(p, 'utf8');
  }
}

test('(unit) every walkthrough media file exists and ships (media/ or docs/images/)', () => {
  for (const step of walkthrough!.steps) {
    const m = step.media;
    const files = [...(typeof m.image === 'string' ? [m.image] : Object.values(m.image ?? {})), m.markdown, m.svg].filter((f): f is string => !!f);
    assert.ok(files.length > 0, `step ${step.id} has no media`);
    for (const f of files) {
      assert.ok(existsSync(join(ROOT, f)), `step ${step.id}: ${f} does not exist`);
      assert.match(f, /^(media\/|docs\/images\/)/, `step ${step.id}: ${f} is outside the folders .vscodeignore ships`);
    }
  }
});

test('(unit) every view welcome text says the next step in one sentence and offers a registered command', () => {
  for (const id of views) {
    const welcome = (contributes.viewsWelcome as Array<{ view: string; contents: string }>).filter((w) => w.view === id);
    assert.ok(welcome.length > 0, `${id} has no welcome text`);
    for (const { contents } of welcome) {
      const prose = contents.split('\n').filter((line) => !/^\[.*\]\(command:.*\)$/.test(line.trim()));
      assert.equal(prose.length, 1, `${id}: welcome text should be one line of prose: ${contents}`);
      // A sentence break is end punctuation, a space, then a capital (dots in `~/.kube` or `*.yml` are not).
      assert.doesNotMatch(prose[0], /[.!?]\s+[A-Z]/, `${id}: welcome text is more than one sentence: ${prose[0]}`);
      const buttons = links(contents);
      assert.ok(buttons.length > 0, `${id}: welcome text has no button`);
      for (const c of buttons) assert.ok(commandOk(c), `${id}: welcome button runs unregistered ${c}`);
    }
  }
});
