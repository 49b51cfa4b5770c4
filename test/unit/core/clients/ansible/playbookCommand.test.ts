import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getAdhocCommand, getPlaybookCommand, parseAdhocOutput } from '../../../../../src/core/clients/ansible/playbookCommand.js';
import { AnsibleRunTally, formatAnsibleEvent, parseAnsibleEventLine, readAnsibleEvents } from '../../../../../src/core/clients/ansible/ansibleEvents.js';
import { resolveCallbackPluginDir } from '../../../../../src/core/clients/ansible/callbackPlugin.js';
import { playbookOptionsFromWith } from '../../../../../src/core/runner/steps/ansible/ansiblePlaybookStep.js';

test('(unit) getPlaybookCommand builds every option and enables the events callback beside stdout', () => {
  const cmd = getPlaybookCommand({
    playbook: '/w/site.yml', inventory: ['/w/inv', 'extra,'], limit: ['web', 'db'], tags: ['a', 'b'], skipTags: ['slow'],
    extraVars: { n: 1, s: 'x y' }, extraVarsFiles: ['/w/vars.yml'], check: true, diff: true, vaultPasswordFile: '/tmp/p', become: true,
    becomeUser: 'root', connection: 'local', forks: 5, verbosity: 2, startAtTask: 'Install', callbackDir: '/cb', eventsFd: 3,
    baseEnv: { ANSIBLE_CALLBACKS_ENABLED: 'timer', ANSIBLE_CALLBACK_PLUGINS: '/mine' },
  });
  assert.equal(cmd.command, 'ansible-playbook');
  assert.deepEqual(cmd.args, [
    '-i', '/w/inv', '-i', 'extra,', '--limit', 'web,db', '--extra-vars', '{"n":1,"s":"x y"}', '--extra-vars', '@/w/vars.yml', '--check', '--diff',
    '--vault-password-file', '/tmp/p', '--become', '--become-user', 'root', '--connection', 'local', '--forks', '5', '-vv',
    '--tags', 'a,b', '--skip-tags', 'slow', '--start-at-task', 'Install', '/w/site.yml',
  ]);
  assert.equal(cmd.env?.ANSIBLE_CALLBACKS_ENABLED, 'timer,ansflow_events');
  assert.equal(cmd.env?.ANSIBLE_CALLBACK_PLUGINS, '/cb:/mine');
  assert.equal(cmd.env?.ANSFLOW_EVENTS_FD, '3');
  assert.equal(cmd.env?.ANSIBLE_STDOUT_CALLBACK, undefined);
  assert.deepEqual(cmd.parse('', '', 2), { exitCode: 2, status: 'host-failed' });
  assert.deepEqual(cmd.parse('', '', 4), { exitCode: 4, status: 'parser-error' });
});

test('(unit) step `with` maps to playbook options; kebab and snake aliases; inline inventories kept', () => {
  const o = playbookOptionsFromWith({ playbook: 'p.yml', inventory: 'localhost,', 'skip-tags': 'a, b', extra_vars: { x: 1 }, check: 'true' }, '/ws');
  assert.equal(o.playbook, '/ws/p.yml');
  assert.deepEqual(o.inventory, ['localhost,']);
  assert.deepEqual(o.skipTags, ['a', 'b']);
  assert.deepEqual(o.extraVars, { x: 1 });
  assert.equal(o.check, true);
  assert.deepEqual(playbookOptionsFromWith({ playbook: '/a/p.yml', inventory: ['inv/hosts'] }, '/ws').inventory, ['/ws/inv/hosts']);
});

test('(unit) getAdhocCommand and parseAdhocOutput read the json callback per host', () => {
  const cmd = getAdhocCommand({ pattern: 'web', inventory: 'h1,h2,', connection: 'local' });
  assert.deepEqual(cmd.args, ['web', '-m', 'ping', '-i', 'h1,h2,', '--connection', 'local']);
  assert.equal(cmd.env?.ANSIBLE_STDOUT_CALLBACK, 'json');
  const doc = { plays: [{ tasks: [{ hosts: { h1: { ping: 'pong', changed: false }, h2: { unreachable: true, msg: 'no route' } } }] }], stats: {} };
  const r = parseAdhocOutput('[WARNING]: x\n' + JSON.stringify(doc), '', 4);
  assert.deepEqual(Object.fromEntries(Object.entries(r.hosts).map(([h, v]) => [h, v.status])), { h1: 'ok', h2: 'unreachable' });
  assert.throws(() => parseAdhocOutput('garbage', 'ERROR! boom', 1), /boom/);
});

test('(unit) event lines parse, stream per line, tally failures with locations', async () => {
  const lines = [
    { v: 1, event: 'task_start', time: 1, task: 'T', taskId: 'u', action: 'fail', file: '/p.yml', line: 7 },
    { v: 1, event: 'host_failed', time: 2, task: 'T', taskId: 'u', action: 'fail', file: '/p.yml', line: 7, host: 'h', result: { msg: 'boom' }, ignored: false },
    { v: 1, event: 'host_failed', time: 2, task: 'T', taskId: 'u', action: 'fail', file: '/p.yml', line: 7, host: 'h2', result: { msg: 'meh' }, ignored: true },
  ].map((l) => JSON.stringify(l));
  async function* chunks() {
    const all = lines.join('\n') + '\nnot json\n';
    yield all.slice(0, 10);
    yield all.slice(10, 77);
    yield all.slice(77);
  }
  const tally = new AnsibleRunTally();
  const seen: string[] = [];
  for await (const ev of readAnsibleEvents(chunks())) {
    tally.add(ev);
    seen.push(formatAnsibleEvent(ev));
  }
  assert.deepEqual(seen, ['TASK [T]', 'failed: [h] T — boom', 'failed: [h2] T — meh (ignored)']);
  assert.deepEqual(tally.failures, [{ host: 'h', task: 'T', file: '/p.yml', line: 7, message: 'boom', unreachable: false }]);
  assert.equal(parseAnsibleEventLine('nope'), undefined);
  assert.throws(() => parseAnsibleEventLine('nope', true));
});

test('(unit) the callback plugin is found in resources/ansible from the sources', () => {
  const root = join(__dirname, '..', '..', '..', '..', '..');
  assert.equal(resolveCallbackPluginDir({}), join(root, 'resources', 'ansible'));
  assert.match(readFileSync(join(root, 'resources/ansible/ansflow_events.py'), 'utf8'), /CallbackBase/);
});
