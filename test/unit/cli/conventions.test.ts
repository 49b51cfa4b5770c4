// The conventions defineCommand promises, checked over every command in the table: generated
// --help with exit codes, one error line format, one --format flag, and docs/cli.md's exit-code
// table equal to what the code declares.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runCli } from '../../../src/cli/runCli.js';
import { COMMANDS } from '../../../src/cli/commands/index.js';
import { memoryIO } from '../helpers/memoryIO.js';

const ROOT = resolve(__dirname, '../../..');

/** docs/cli.md's exit-code table as the commands declare it (3 is described once above it). */
function exitCodeTable(): string {
  const cols = [...new Set(COMMANDS.flatMap((c) => Object.keys(c.exitCodes).map(Number)))].filter((n) => n !== 3).sort((a, b) => a - b);
  const rows = COMMANDS.map((c) => `| \`${c.name}\` | ${cols.map((n) => c.exitCodes[n] ?? '—').join(' | ')} |`);
  return [`| command | ${cols.join(' | ')} |`, `|${'---|'.repeat(cols.length + 1)}`, ...rows].join('\n');
}

test('(unit) cli conventions: docs/cli.md lists every command with exactly its declared exit codes', () => {
  const doc = readFileSync(join(ROOT, 'docs/cli.md'), 'utf8');
  const block = /<!-- exit-codes:start -->\n([\s\S]*?)\n<!-- exit-codes:end -->/.exec(doc)?.[1];
  assert.ok(block, 'docs/cli.md has the exit-codes markers');
  const expected = exitCodeTable();
  assert.equal(block, expected, `docs/cli.md's exit-code table is out of date; it should read:\n${expected}\n`);
  for (const c of COMMANDS) assert.match(c.exitCodes[3] ?? '', /^internal error/, `${c.name}: 3 means internal error`);
});

test('(unit) cli conventions: every command prints generated --help with its usage, options and exit codes', async () => {
  for (const c of COMMANDS) {
    const io = memoryIO();
    assert.equal(await runCli([c.name, '--help'], io), 0, c.name);
    const help = io.out();
    assert.match(help, new RegExp(`^ansflow ${c.name} — `), c.name);
    assert.match(help, new RegExp(`\\nUsage: ansflow ${c.name}\\b`), c.name);
    assert.match(help, /\n {2}-h, --help +print this help\n/, c.name);
    for (const code of Object.keys(c.exitCodes)) assert.match(help, new RegExp(`\\n {2}${code} +\\S`), `${c.name} --help documents exit ${code}`);
    const viaHelp = memoryIO();
    assert.equal(await runCli(['help', c.name], viaHelp), 0);
    assert.equal(viaHelp.out(), help, `ansflow help ${c.name}`);
    // One flag name for output choices: never a visible --json or --output.
    assert.doesNotMatch(help, /--json\b|--output\b/, `${c.name} --help`);
  }
});

test('(unit) cli conventions: a bad option is exit 2 with one error line and a hint, for every command', async () => {
  for (const c of COMMANDS) {
    const io = memoryIO();
    assert.equal(await runCli([c.name, '--no-such-option'], io), 2, c.name);
    assert.equal(io.err(), `ansflow: error: unknown option '--no-such-option'\nhint: see 'ansflow ${c.name} --help'\n`);
    assert.equal(io.out(), '');
  }
  const typo = memoryIO();
  assert.equal(await runCli(['validate', '--formt', 'json'], typo), 2);
  assert.equal(typo.err(), "ansflow: error: unknown option '--formt'\nhint: did you mean --format? see 'ansflow validate --help'\n");
  const missing = memoryIO();
  assert.equal(await runCli(['run'], missing), 2);
  assert.equal(missing.err(), "ansflow: error: missing <file>\nhint: see 'ansflow run --help'\n");
  const number = memoryIO();
  assert.equal(await runCli(['history', '--limit', 'lots'], number), 2);
  assert.match(number.err(), /^ansflow: error: --limit expects a whole number ≥ 1, got 'lots'\nhint: /);
  const command = memoryIO();
  assert.equal(await runCli(['valdiate'], command), 2);
  assert.equal(command.err(), "ansflow: error: unknown command 'valdiate'\nhint: did you mean 'validate'? see 'ansflow --help' for the commands\n");
});

test('(unit) cli conventions: --format json on every command that has it; the old --json still works with a deprecation warning', async () => {
  const dir = join(ROOT, 'examples');
  const jsonOf: Record<string, string[]> = { version: ['version'], history: ['history', '--store', join(ROOT, 'no-such-store')], validate: ['validate', 'data-pipeline.ansflow.yaml'], plan: ['plan', 'data-pipeline.ansflow.yaml'], graph: ['graph', 'data-pipeline.ansflow.yaml'] };
  for (const [name, args] of Object.entries(jsonOf)) {
    const io = memoryIO(dir);
    assert.equal(await runCli([...args, '--format', 'json'], io), 0, `${name}: ${io.err()}`);
    assert.doesNotThrow(() => JSON.parse(io.out()), `${name} --format json prints JSON`);
  }
  for (const name of ['plan', 'history']) {
    const io = memoryIO(dir);
    assert.equal(await runCli([...jsonOf[name]!, '--json'], io), 0, io.err());
    assert.doesNotThrow(() => JSON.parse(io.out()));
    assert.equal(io.err(), 'ansflow: warning: --json is deprecated; use --format json\n');
  }
  const clash = memoryIO(dir);
  assert.equal(await runCli(['plan', 'data-pipeline.ansflow.yaml', '--json', '--format', 'text'], clash), 2);
  assert.match(clash.err(), /^ansflow: error: --json and --format text ask for different output formats; give one\n/);
});
