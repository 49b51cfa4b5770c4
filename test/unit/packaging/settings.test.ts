// (unit) The contributed settings read well in the Settings UI and agree with the sources: titled groups,
// a description for every setting, enum labels explained, the untrusted-workspace restricted list naming
// only real settings, and every `getConfiguration('ansflow…').get<…>('x')` in src/ reading a contributed one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT, pkg, tsFiles } from './manifest.js';

interface Setting { description?: string; markdownDescription?: string; enum?: unknown[]; enumDescriptions?: string[]; markdownEnumDescriptions?: string[]; order?: number }
interface Group { id?: string; title?: string; order?: number; properties: Record<string, Setting> }

const groups: Group[] = Array.isArray(pkg.contributes.configuration) ? pkg.contributes.configuration : [pkg.contributes.configuration];
const settings = new Map<string, Setting>(groups.flatMap((g) => Object.entries(g.properties ?? {})));

/**
 * Setting names read in src/: a file that calls `getConfiguration('<section>')` has each typed
 * `.get<…>('<key>')` read `<section>.<key>` (also through a variable or helper holding the configuration).
 */
function settingsReadInSources(): Map<string, string> {
  const read = new Map<string, string>();
  for (const file of tsFiles(join(ROOT, 'src'))) {
    const text = readFileSync(file, 'utf8');
    const sections = new Set([...text.matchAll(/getConfiguration\(\s*'(ansflow(?:\.[A-Za-z.]+)?)'/g)].map((m) => m[1]));
    if (sections.size === 0) continue;
    const where = relative(ROOT, file);
    assert.equal(sections.size, 1, `${where} reads several configuration sections (${[...sections].join(', ')}); the scan cannot tell which .get belongs to which`);
    const [section] = sections;
    for (const m of text.matchAll(/\.get<[^>]*>\(\s*'([A-Za-z.]+)'/g)) read.set(`${section}.${m[1]}`, where);
  }
  return read;
}

test('(unit) settings are contributed as titled groups, each with an order', () => {
  assert.ok(groups.length >= 5, `only ${groups.length} configuration group(s)`);
  const orders = new Set<number>();
  for (const g of groups) {
    assert.ok(g.title && g.title.trim(), `a configuration group has no title: ${JSON.stringify(Object.keys(g.properties))}`);
    assert.equal(typeof g.order, 'number', `group "${g.title}" has no order`);
    assert.ok(!orders.has(g.order!), `group "${g.title}" shares order ${g.order} with another group`);
    orders.add(g.order!);
    assert.ok(Object.keys(g.properties ?? {}).length > 0, `group "${g.title}" is empty`);
  }
});

test('(unit) every setting has a description and an order; every enum explains its values', () => {
  assert.ok(settings.size >= 10, `found only ${settings.size} settings`);
  for (const [name, s] of settings) {
    assert.ok(name.startsWith('ansflow.'), `${name}: settings live under ansflow.`);
    const text = s.markdownDescription ?? s.description;
    assert.ok(text && text.trim().length >= 20, `${name} has no (or a too short) description`);
    assert.equal(typeof s.order, 'number', `${name} has no order`);
    if (s.enum) {
      const labels = s.markdownEnumDescriptions ?? s.enumDescriptions;
      assert.ok(labels, `${name} is an enum without enumDescriptions`);
      assert.equal(labels.length, s.enum.length, `${name}: ${s.enum.length} enum values, ${labels.length} enumDescriptions`);
    }
  }
});

test('(unit) every untrusted-workspace restricted setting is a contributed setting, and executables are restricted', () => {
  const restricted: string[] = pkg.capabilities.untrustedWorkspaces.restrictedConfigurations;
  assert.ok(restricted.length > 0);
  for (const name of restricted) assert.ok(settings.has(name), `restrictedConfigurations names ${name}, which is not contributed`);
  // A workspace must not choose what runs or where data goes: machine-overridable paths and URLs are restricted.
  for (const [name, s] of settings) {
    if ((s as { scope?: string }).scope === 'machine-overridable') assert.ok(restricted.includes(name), `${name} is machine-overridable but not in restrictedConfigurations`);
  }
});

test('(unit) every setting the sources read is contributed', () => {
  const read = settingsReadInSources();
  // Guards the scan itself: a changed reading style must not make the check vacuous.
  assert.ok(read.size >= 10, `the scan found only ${read.size} settings read in src/`);
  assert.ok(read.has('ansflow.notifications.webhookUrl') && read.has('ansflow.concurrency'));
  for (const [name, where] of read) assert.ok(settings.has(name), `${where} reads ${name}, which package.json does not contribute`);
});
