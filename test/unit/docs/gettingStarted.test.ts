// The getting-started page's terminal session, run as written: each `ansflow …` line of its "Run it"
// block goes through the real CLI in an empty folder and must succeed, and the pipeline the page shows is
// the one `ansflow init` writes. A page that drifts from the CLI fails here, not in a newcomer's terminal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { runCli } from '../../../src/cli/runCli.js';
import { memoryIO } from '../helpers/memoryIO.js';

const ROOT = resolve(__dirname, '../../..');
const PAGE = readFileSync(join(ROOT, 'docs/getting-started.md'), 'utf8');

/** The fenced blocks of a section, by info string. */
function blocks(section: string, info: string): string[] {
  const body = PAGE.split(/^## /m).find((s) => s.startsWith(`${section}\n`));
  assert.ok(body, `docs/getting-started.md has a "## ${section}" section`);
  return [...body.matchAll(new RegExp(`^\`\`\`${info}\\n([^]*?)^\`\`\`$`, 'gm'))].map((m) => m[1]!);
}

test('(unit) docs: the getting-started session runs as written, and init writes the pipeline the page shows', async () => {
  const session = blocks('Run it', 'sh').find((b) => b.includes('ansflow init'));
  assert.ok(session, 'the "Run it" section has the terminal session');
  const lines = session.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter((l) => l.startsWith('ansflow '));
  assert.ok(lines.length >= 4, `the session runs several commands (${lines.join('; ')})`);
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-getting-started-'));
  try {
    let last = '';
    for (const line of lines) {
      const io = memoryIO(dir, { ...process.env, NO_COLOR: '1', ANSFLOW_STORE: '' });
      assert.equal(await runCli(line.split(/\s+/).slice(1), io), 0, `${line}\n${io.err()}`);
      last = io.out();
    }
    assert.match(last, /hello from AnsFlow/, 'the last command shows what the step printed');
    const shown = blocks('Create a pipeline', 'yaml')[0];
    assert.ok(shown, 'the page shows the smallest pipeline');
    assert.deepEqual(parse(readFileSync(join(dir, 'pipeline.ansflow.yaml'), 'utf8')), parse(shown), 'ansflow init writes the pipeline shown on the page');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
