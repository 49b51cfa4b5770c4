// defineCommand: typed values from the declaration, the parser's rules, failure values printed in
// the one error format, and the exit-code table enforced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineCommand, failure, usageError, EXIT } from '../../../src/cli/command/index.js';
import { runCli } from '../../../src/cli/runCli.js';
import { memoryIO } from '../helpers/memoryIO.js';

type Seen = { options: unknown; args: unknown; format: unknown };

function probe(seen: Seen[]) {
  return defineCommand({
    name: 'probe',
    summary: 'a test command',
    args: [
      { name: 'first', help: 'required' },
      { name: 'rest', help: 'the others', optional: true, variadic: true },
    ],
    options: {
      name: { type: 'string', short: 'n', help: 'a name', default: 'anon' },
      tag: { type: 'list', short: 't', help: 'a tag' },
      loud: { type: 'boolean', help: 'shout' },
      count: { type: 'number', help: 'how many', integer: true, min: 1 },
      secret: { type: 'string', help: 'kept out of help', hidden: true },
    },
    format: { choices: ['text', 'json'], aliases: { json: { value: 'json', deprecated: true }, raw: { value: 'text', help: 'plain' } } },
    examples: [{ command: 'ansflow probe a', about: 'probe a' }],
    exitCodes: { 0: 'fine', 1: 'found something' },
    async run(input, io) {
      // Compile-time checks: the values are typed from the declaration.
      const name: string = input.options.name;
      const tags: string[] = input.options.tag;
      const loud: boolean = input.options.loud;
      const count: number | undefined = input.options.count;
      const first: string = input.args.first;
      const rest: string[] = input.args.rest;
      const format: 'text' | 'json' = input.format;
      // @ts-expect-error a number option without a default may be undefined
      const strictCount: number = input.options.count;
      // @ts-expect-error no such option
      void input.options.nope;
      void [name, tags, loud, count, first, rest, format, strictCount];
      seen.push(input);
      if (first === 'fail') return failure(EXIT.failed, ['first problem', 'second problem\nwith a second line'], 'try again');
      if (first === 'usage') return usageError('bad combination');
      if (first === 'odd') return 42;
      io.stdout.write('ran\n');
      return 0;
    },
  });
}

test('(unit) defineCommand: options, arguments and format parse into typed values', async () => {
  const seen: Seen[] = [];
  const cmd = probe(seen);
  assert.equal(await cmd.run(['a', 'b', '--name=x', '-t', 't1', '--tag', 't2', '--loud', '--count', '3', '-f', 'json', '--', '--c'], memoryIO()), 0);
  assert.deepEqual(seen[0], { options: { name: 'x', tag: ['t1', 't2'], loud: true, count: 3, secret: undefined }, args: { first: 'a', rest: ['b', '--c'] }, format: 'json' });
  assert.equal(await cmd.run(['a'], memoryIO()), 0);
  assert.deepEqual(seen[1], { options: { name: 'anon', tag: [], loud: false, count: undefined, secret: undefined }, args: { first: 'a', rest: [] }, format: 'text' });
  const hidden = memoryIO();
  assert.equal(await cmd.run(['a', '--secret', 's', '--raw'], hidden), 0, hidden.err());
  assert.equal(hidden.err(), '', 'a visible alias warns about nothing');
});

test('(unit) defineCommand: usage mistakes are exit 2 with one error line and a hint', async () => {
  const cases: Array<[string[], string]> = [
    [[], 'missing <first>'],
    [['a', '--count', 'x'], "--count expects a whole number ≥ 1, got 'x'"],
    [['a', '--count', '0'], "--count expects a whole number ≥ 1, got '0'"],
    [['a', '--count', ''], "--count expects a whole number ≥ 1, got ''"],
    [['a', '--name'], "option '--name' needs a value"],
    [['a', '--loud=yes'], "option '--loud' takes no value"],
    [['a', '--format', 'yaml'], "--format takes text or json, got 'yaml'"],
    [['a', '--raw', '--format', 'json'], '--raw and --format json ask for different output formats; give one'],
    [['a', `--${'x'.repeat(500)}`], `unknown option '--${'x'.repeat(77)}…'`],
  ];
  for (const [argv, message] of cases) {
    const io = memoryIO();
    assert.equal(await probe([]).run(argv, io), 2, argv.join(' '));
    assert.equal(io.err(), `ansflow: error: ${message}\nhint: see 'ansflow probe --help'\n`, argv.join(' '));
  }
});

test('(unit) defineCommand: failure values print as error lines plus one hint; a deprecated alias warns', async () => {
  const fail = memoryIO();
  assert.equal(await probe([]).run(['fail'], fail), 1);
  assert.equal(fail.err(), 'ansflow: error: first problem\nansflow: error: second problem\nhint: try again\n');
  const usage = memoryIO();
  assert.equal(await probe([]).run(['usage'], usage), 2);
  assert.equal(usage.err(), "ansflow: error: bad combination\nhint: see 'ansflow probe --help'\n");
  const old = memoryIO();
  assert.equal(await probe([]).run(['a', '--json'], old), 0);
  assert.equal(old.err(), 'ansflow: warning: --json is deprecated; use --format json\n');
});

test('(unit) defineCommand: an exit code outside the table is an internal error, not a silent exit', async () => {
  await assert.rejects(probe([]).run(['odd'], memoryIO()), /exit code 42, which its exit-code table does not list/);
});

test('(unit) defineCommand: --help is generated from the declaration', async () => {
  const io = memoryIO();
  assert.equal(await probe([]).run(['whatever', '--help'], io), 0);
  const help = io.out();
  assert.match(help, /^ansflow probe — a test command\n\nUsage: ansflow probe \[options\] <first> \[rest…\]\n/);
  assert.match(help, /-n, --name <value> +a name \(default: anon\)/);
  assert.match(help, /-t, --tag <value> +a tag \(repeatable\)/);
  assert.match(help, /-f, --format <text\|json> +output format \(default: text\)/);
  assert.match(help, /--raw +plain/);
  assert.doesNotMatch(help, /--secret|--json/, 'hidden options and deprecated aliases stay out of --help');
  assert.match(help, /Exit codes:\n {2}0 +fine\n {2}1 +found something\n {2}2 +usage error.*\n {2}3 +internal error/);
  const after = memoryIO();
  assert.equal(await probe([]).run(['a', '--', '--help'], after), 0);
  assert.equal(after.out(), 'ran\n', '--help after -- is an argument');
});

test('(unit) defineCommand: output choices cannot be declared as an option', () => {
  assert.throws(() => defineCommand({ name: 'x', summary: 'x', options: { json: { type: 'boolean', help: 'json' } }, exitCodes: { 0: 'ok' }, run: async () => 0 }), /declare output formats with 'format'/);
});

test('(unit) runCli: an undeclared exit code reaches the user as an internal error (exit 3)', async () => {
  // Through the real dispatcher, with a command that breaks its own table.
  const { COMMANDS } = await import('../../../src/cli/commands/index.js');
  const cmd = probe([]);
  COMMANDS.push(cmd);
  try {
    const io = memoryIO();
    assert.equal(await runCli(['probe', 'odd'], io), 3);
    assert.match(io.err(), /^ansflow: error: internal error in 'probe': .*exit code 42.*\nhint: .*--debug/);
  } finally {
    COMMANDS.splice(COMMANDS.indexOf(cmd), 1);
  }
});
