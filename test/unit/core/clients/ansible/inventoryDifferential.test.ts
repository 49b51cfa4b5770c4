// Differential property test: generated INI inventories (tricky names, ranges, ports, Python-literal
// values, :vars and :children sections in any order, group_vars/) are parsed natively and by the real
// `ansible-inventory --list`; both must give the same JSON (key order aside) or both must refuse.
// A bounded number of cases per run (each costs one ansible-inventory start); ANSFLOW_INV_DIFF_RUNS
// raises it for a nightly run, ANSFLOW_FC_SEED replays a failing sample.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseInventoryFile } from '../../../../../src/core/clients/ansible/inventory/loadInventory.js';
import { stringifyInventoryList } from '../../../../../src/core/clients/ansible/inventory/formatInventory.js';
import { withSeededSample } from '../../../helpers/seededSample.js';
import { ansibleInventoryList, canon, needAnsibleInventory, withInventoryFiles } from './ansibleInventoryOracle.js';

const RUNS = Number(process.env.ANSFLOW_INV_DIFF_RUNS ?? 6);

const GROUPS = ['web', 'db', 'app', '__proto__', 'constructor', 'g1'];
const HOSTS = ['h1', 'h2', 'web', 'db', 'сервер', 'x[1:3]', 'y[a:c]', 'z[01:02]', 'h1:2222', 'h3:0', 'w[A:B]:22', 'q[a:c:-1]', 'm[ab:cd]'];
const KEYS = ['a', 'b', '__proto__', 'toString', 'ansible_port'];
const VALUES = ['1', '1.5', 'True', 'none', '007', '0x1F', '"x y"', "'[1, 2]'", "'{\"k\": 1}'", '1e3', '-3', 'web.example.com', '10.0.0.1', "u'z'", '(1,)', '1_000', '1.0', '1e-07', '12345678901234567890'];
const VARS_FILE = ['a: 1e3\n', 'b: .inf\n', 'a: 2001-12-14 21:59:43.10 -5\n', '{"a": 1e3, "b": NaN}\n', 'a: 2.50\nb: 9007199254740993\n', 'false\n', '__proto__: 1\ntoString: x\n', 'b: [1, {c: yes}]\n'];

const kv = fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES)).map(([k, v]) => `${k}=${v}`);
const hostLine = fc.tuple(fc.constantFrom(...HOSTS), fc.array(kv, { maxLength: 2 })).map(([h, vs]) => [h, ...vs].join(' '));
// A group made its own child is refused by Ansible ("can't add group to itself"). Drawn as often as a
// real parent/child pair it made about one sample in six a refusal, and a 6-case run once compared only 2
// (CI, stop 29); it is drawn 1 time in 20 now, and its refusal has a directed test below.
const childrenSection = (groups: string[]): fc.Arbitrary<string[]> => {
  const self = fc.constantFrom(...groups).map((g) => [g, g]);
  const pair = fc.uniqueArray(fc.constantFrom(...groups), { minLength: 2, maxLength: 2 });
  const edge = groups.length < 2 ? fc.oneof({ weight: 19, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: self }) : fc.oneof({ weight: 19, arbitrary: pair }, { weight: 1, arbitrary: self });
  return fc.oneof(fc.constant<string[]>([]), edge.map((e) => (e ? [`[${e[0]}:children]\n${e[1]}\n`] : [])));
};
// Sections name defined groups (Ansible refuses `:vars`/`:children` of undefined ones), in any order.
const sections = fc.uniqueArray(fc.constantFrom(...GROUPS), { minLength: 1, maxLength: 3 }).chain((groups) =>
  fc
    .tuple(
      fc.tuple(...groups.map((g) => fc.array(hostLine, { minLength: 1, maxLength: 3 }).map((hs) => `[${g}]\n${hs.join('\n')}\n`))),
      fc.array(fc.tuple(fc.constantFrom(...groups), fc.array(kv, { minLength: 1, maxLength: 2 })).map(([g, vs]) => `[${g}:vars]\n${vs.join('\n')}\n`), { maxLength: 2 }),
      childrenSection(groups),
    )
    .chain(([hosts, vars, children]) => {
      const all = [...hosts, ...vars, ...children];
      return fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length });
    }),
);
const inventory = fc.record({
  ungrouped: fc.array(hostLine, { maxLength: 2 }),
  sections,
  groupVars: fc.option(fc.tuple(fc.constantFrom(...GROUPS, 'all'), fc.constantFrom(...VARS_FILE)), { nil: undefined }),
  hostVars: fc.option(fc.tuple(fc.constantFrom('h1', 'web', 'x2'), fc.constantFrom(...VARS_FILE)), { nil: undefined }),
});

// Numbers are compared as printed (`1000.0` is not `1000`, big ints keep every digit), like NaN/Infinity.
const pyJson = (text: string): unknown => JSON.parse(text.replace(/"(?:[^"\\]|\\.)*"|-?Infinity|NaN|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/g, (m) => (m[0] === '"' ? m : `"<${m}>"`)));

test(`(unit) generated INI inventories: the native parser equals ansible-inventory --list (${RUNS} cases)`, async (t) => {
  if (!needAnsibleInventory(t)) return;
  let compared = 0;
  await withSeededSample(inventory, RUNS, (cases) => {
    for (const c of cases) {
      const text = `${c.ungrouped.join('\n')}\n${c.sections.join('\n')}`;
      const files: Record<string, string> = { 'hosts.ini': text };
      for (const [kind, entry] of [['group_vars', c.groupVars], ['host_vars', c.hostVars]] as const) {
        if (entry) files[`${kind}/${entry[0]}.yml`] = entry[1];
      }
      withInventoryFiles('ansflow-inv-diff-', files, (dir) => {
        const file = join(dir, 'hosts.ini');
        const r = ansibleInventoryList(file);
        const ours = parseInventoryFile(file);
        const shown = `\n--- hosts.ini\n${text}\n--- vars ${JSON.stringify([c.groupVars, c.hostVars])}`;
        if (r.status !== 0) {
          assert.equal(ours.ok, false, `Ansible refuses it (${r.stderr.trim().split('\n').slice(-2).join(' ')}), we accepted it${shown}`);
          return;
        }
        assert.ok(ours.ok, `Ansible accepts it, we refused: ${ours.ok ? '' : ours.error.message}${shown}`);
        assert.equal(canon(pyJson(stringifyInventoryList(ours.value.list))), canon(pyJson(r.stdout)), `differs from ansible-inventory${shown}`);
        compared++;
      });
    }
  });
  // Most generated inventories must be ones Ansible accepts, or the property would test refusals only.
  assert.ok(compared >= RUNS / 2, `only ${compared} of ${RUNS} generated inventories were accepted by Ansible`);
});

test('(unit) a group made its own child, or two groups each other\'s, is refused by Ansible and by the native parser', (t) => {
  if (!needAnsibleInventory(t)) return;
  for (const text of ['[web]\nh1\n[web:children]\nweb\n', '[web]\nh1\n[db]\nh2\n[web:children]\ndb\n[db:children]\nweb\n']) {
    withInventoryFiles('ansflow-inv-loop-', { 'hosts.ini': text }, (dir) => {
      const file = join(dir, 'hosts.ini');
      assert.notEqual(ansibleInventoryList(file).status, 0, `Ansible accepted\n${text}`);
      const ours = parseInventoryFile(file);
      assert.equal(ours.ok, false, `we accepted\n${text}`);
      if (!ours.ok) assert.match(ours.error.message, /recursive dependency loop/, `refused for another reason\n${text}`);
    });
  }
});
