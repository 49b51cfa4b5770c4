// `ansflow completion`: scripts generated from the command declarations, checked against those
// declarations (not against the generator's own model), syntax-checked by the shells that exist here,
// and driven through real bash completion; `__complete-steps` prints a file's ids and never fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli } from '../../../src/cli/runCli.js';
import { COMMANDS } from '../../../src/cli/commands/index.js';
import { memoryIO } from '../helpers/memoryIO.js';
import { completionScriptFor as script, JOBS_PIPELINE, STEPS_PIPELINE as PIPELINE } from './fixtures/completion.js';

const ROOT = resolve(__dirname, '../../..');
const SHELLS = ['bash', 'zsh', 'fish'] as const;

function hasShell(name: string): boolean {
  return spawnSync(name, ['-c', 'exit 0']).status === 0;
}

/** The option words a script offers after `ansflow <command> -`, read from its text. */
function offeredFlags(text: string, shell: string, command: string): string[] {
  if (shell === 'fish') {
    return [...text.matchAll(new RegExp(`-n '__fish_seen_subcommand_from ${command}' -l (\\S+)(?: -s (\\S))?`, 'g'))].flatMap((m) => [`--${m[1]}`, ...(m[2] ? [`-${m[2]}`] : [])]);
  }
  const list = shell === 'bash' ? `then COMPREPLY=\\( \\$\\(compgen -W "([^"]*)"` : 'then compadd -- ([^;]*);';
  const m = new RegExp(`\\n {4}${command}\\)\\n[^]*?== -\\* \\]\\]; ${list}`).exec(text);
  return m ? m[1]!.split(' ') : [];
}

test('(unit) cli completion: every script names every command and every visible option of the declarations', async () => {
  for (const shell of SHELLS) {
    const text = await script(shell);
    for (const c of COMMANDS) {
      assert.match(text, new RegExp(`\\b${c.name}\\b`), `${shell}: command ${c.name}`);
      const d = c.declaration;
      assert.ok(d, `${c.name} is declared with defineCommand`);
      const offered = offeredFlags(text, shell, c.name);
      for (const [key, o] of Object.entries(d.options)) {
        if (o.hidden) assert.ok(!offered.includes(`--${key}`), `${shell}: ${c.name} hides --${key}`);
        else assert.ok(offered.includes(`--${key}`) && (!o.short || offered.includes(`-${o.short}`)), `${shell}: ${c.name} --${key} in ${offered.join(' ')}`);
      }
      if (d.format) {
        assert.ok(offered.includes('--format') && offered.includes('-f'), `${shell}: ${c.name} --format`);
        for (const choice of d.format.choices) assert.match(text, new RegExp(`\\b${choice}\\b`), `${shell}: ${c.name} --format ${choice}`);
      }
      assert.ok(!offered.includes('--json'), `${shell}: ${c.name} does not offer the deprecated --json`);
    }
    assert.ok(text.includes('__complete-steps'), `${shell}: step ids through the hidden helper`);
  }
});

test('(unit) cli completion: the scripts parse (bash -n; zsh -n and fish -n where installed)', async () => {
  for (const shell of SHELLS) {
    if (shell !== 'bash' && !hasShell(shell)) continue;
    const dir = mkdtempSync(join(tmpdir(), 'ansflow-completion-'));
    try {
      const file = join(dir, `ansflow.${shell}`);
      writeFileSync(file, await script(shell));
      const r = spawnSync(shell, ['-n', file], { encoding: 'utf8' });
      assert.equal(r.status, 0, `${shell} -n: ${r.stderr}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});

test('(unit) cli completion: an unknown shell is a usage error', async () => {
  const io = memoryIO();
  assert.equal(await runCli(['completion', 'tcsh'], io), 2);
  assert.equal(io.err(), "ansflow: error: unknown shell 'tcsh'; expected bash, zsh, fish\nhint: see 'ansflow completion --help'\n");
});

test('(unit) cli completion: __complete-steps prints the step ids, and nothing (exit 0) for a missing, folder or broken file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-steps-'));
  try {
    writeFileSync(join(dir, 'ci.ansflow.yaml'), PIPELINE);
    writeFileSync(join(dir, 'bad.ansflow.yaml'), 'steps: [: : :\n\u0000');
    mkdirSync(join(dir, 'folder.ansflow.yaml'));
    const ok = memoryIO(dir);
    assert.equal(await runCli(['__complete-steps', 'ci.ansflow.yaml'], ok), 0);
    assert.equal(ok.out(), 'build\ndeploy-prod\n');
    for (const args of [['missing.ansflow.yaml'], ['folder.ansflow.yaml'], ['bad.ansflow.yaml'], []]) {
      const io = memoryIO(dir);
      assert.equal(await runCli(['__complete-steps', ...args], io), 0, args.join(' '));
      assert.equal(io.err(), '', args.join(' '));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('(unit) cli completion: __complete-steps --jobs adds the job names after the step ids (for --target); without it, steps only', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-steps-'));
  try {
    writeFileSync(join(dir, 'jobs.ansflow.yaml'), JOBS_PIPELINE);
    const withJobs = memoryIO(dir);
    assert.equal(await runCli(['__complete-steps', 'jobs.ansflow.yaml', '--jobs'], withJobs), 0);
    assert.equal(withJobs.out(), 'lint\nupload\nverify\nship\n');
    const stepsOnly = memoryIO(dir);
    assert.equal(await runCli(['__complete-steps', 'jobs.ansflow.yaml'], stepsOnly), 0);
    assert.equal(stepsOnly.out(), 'lint\nupload\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('(unit) cli completion: real bash completes commands, pipeline files, format choices and --from step ids', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ansflow-bash-'));
  try {
    writeFileSync(join(dir, 'ci.ansflow.yaml'), PIPELINE);
    writeFileSync(join(dir, 'notes.txt'), '');
    writeFileSync(join(dir, 'jobs.ansflow.yaml'), JOBS_PIPELINE);
    writeFileSync(join(dir, 'completion.bash'), await script('bash'));
    // `ansflow` is the CLI from source, so the helper the script calls is the real one.
    const driver = `
ansflow() { node --import ${JSON.stringify(pathToFileURL(require.resolve('tsx')).href)} ${JSON.stringify(join(ROOT, 'src/cli/main.ts'))} "$@"; }
source ./completion.bash
complete_line() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _ansflow; echo "$(printf '%s ' "\${COMPREPLY[@]}" | xargs -n1 | sort | xargs)"; }
complete_line ansflow pl
complete_line ansflow run ''
complete_line ansflow graph ci.ansflow.yaml --format ''
complete_line ansflow run ci.ansflow.yaml --from ''
complete_line ansflow run --approve d
complete_line ansflow run jobs.ansflow.yaml --target ''
complete_line ansflow run jobs.ansflow.yaml --from ''
`;
    const out = execFileSync('bash', ['-c', driver], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } }).split('\n');
    assert.equal(out[0], 'plan');
    assert.equal(out[1], 'ci.ansflow.yaml jobs.ansflow.yaml', 'only pipeline files (and folders) for run');
    assert.equal(out[2], 'dot json mermaid');
    assert.equal(out[3], 'build deploy-prod');
    assert.equal(out[4], '', 'no file on the line yet: no step ids');
    assert.equal(out[5], 'lint ship upload verify', '--target: steps and jobs');
    assert.equal(out[6], 'lint upload', '--from: steps only');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
