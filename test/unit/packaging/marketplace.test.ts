// (unit) The marketplace listing is complete: icon (a PNG that exists), gallery banner, categories,
// keywords, and repository/bugs/homepage links that all point at the same project.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, pkg } from './manifest.js';

test('(unit) icon, gallery banner, categories and keywords are set', () => {
  assert.match(pkg.icon ?? '', /\.png$/, 'the marketplace icon must be a PNG');
  assert.ok(existsSync(join(ROOT, pkg.icon)), `${pkg.icon} does not exist`);
  assert.match(pkg.galleryBanner?.color ?? '', /^#[0-9A-Fa-f]{6}$/, 'galleryBanner.color is a #RRGGBB colour');
  assert.ok(['dark', 'light'].includes(pkg.galleryBanner?.theme), 'galleryBanner.theme is dark or light');
  assert.ok(Array.isArray(pkg.categories) && pkg.categories.length > 0, 'no categories');
  // The marketplace accepts at most 30 keywords.
  assert.ok(Array.isArray(pkg.keywords) && pkg.keywords.length > 0 && pkg.keywords.length <= 30, 'keywords: 1 to 30');
});

test('(unit) repository, bugs and homepage point at the same project', () => {
  const repo = new URL(pkg.repository?.url ?? '');
  const bugs = new URL(pkg.bugs?.url ?? '');
  const home = new URL(pkg.homepage ?? '');
  const project = repo.pathname.replace(/\.git$/, '');
  for (const [what, url] of [['bugs.url', bugs], ['homepage', home]] as const) {
    assert.equal(url.protocol, 'https:', `${what} is https`);
    assert.equal(url.host, repo.host, `${what} is on the repository's host`);
    assert.ok(url.pathname.startsWith(project), `${what} (${url.href}) is under the repository path ${project}`);
  }
});
