import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePipeline } from '../../../../src/core/pipeline/index.js';
import { envNameFor, SCRIPT_KEYS } from '../../../../src/core/pipeline/validate/validateScriptInjection.js';
import { BUILTIN_STEP_TYPES } from '../../../../src/core/runner/steps/eagerStepTypes.js';

function diags(text: string) {
  return parsePipeline(text)
    .diagnostics.filter((d) => d.code === 'script-injection' || d.code === 'script-reparse')
    .map((d) => ({ code: d.code, severity: d.severity, at: text.slice(d.range.start, d.range.end), problem: d.data?.problem }));
}

const head = 'version: 1\nparams:\n  v: x\nsteps:\n';

test('(unit) validate: script values where no safe substitution exists are located errors', () => {
  const text = `${head}  a:
    type: shell
    with:
      run: |
        echo \${{ params.v }} fine
        sh -c "echo \${{ params.v }}"
        echo $(( \${{ params.v }} + 1 ))
        cat <<'EOF'
        \${{ params.v }}
        EOF
  b:
    type: python
    with:
      script: print(r"\${{ params.v }}")
  c:
    type: node
    with:
      script: "const re = /\${{ params.v }}/"
`;
  assert.deepEqual(diags(text), [
    { code: 'script-injection', severity: 'error', at: '${{ params.v }}', problem: 'reparsed' },
    { code: 'script-injection', severity: 'error', at: '${{ params.v }}', problem: 'arithmetic' },
    { code: 'script-injection', severity: 'error', at: '${{ params.v }}', problem: 'quoted-heredoc' },
    { code: 'script-injection', severity: 'error', at: '${{ params.v }}', problem: 'raw-string' },
    { code: 'script-injection', severity: 'error', at: '${{ params.v }}', problem: 'regex' },
  ]);
  const lines = parsePipeline(text).diagnostics.filter((d) => d.code === 'script-injection').map((d) => text.slice(0, d.range.start).split('\n').length);
  assert.deepEqual(lines, [10, 11, 13, 18, 22]);
});

test('(unit) validate: values and env variables handed to eval, sh -c or ssh are warnings', () => {
  const text = `${head}  a:
    type: shell
    env:
      TARGET: \${{ params.v }}
      PLAIN: fixed
    with:
      run: |
        ssh host "deploy \${{ params.v }}"
        eval "echo $TARGET"
        sh -c 'echo "$TARGET"'
        eval "echo $PLAIN"
`;
  assert.deepEqual(diags(text), [
    { code: 'script-reparse', severity: 'warning', at: '${{ params.v }}', problem: undefined },
    { code: 'script-reparse', severity: 'warning', at: '$TARGET', problem: undefined },
  ]);
});

test('(unit) validate: envNameFor derives a free variable name', () => {
  assert.equal(envNameFor(' params.user-name '), 'USER_NAME');
  assert.equal(envNameFor("steps.build.outputs['tag']", ['TAG']), 'TAG_2');
});

test('(unit) validate: a ${{ }} in a pwsh script is an error (no substitution rule for that shell)', () => {
  const text = `${head}  a:\n    type: shell\n    with:\n      shell: pwsh\n      run: Write-Output \${{ params.v }}\n`;
  assert.deepEqual(diags(text).map((d) => d.code), ['script-injection']);
});

test('(unit) validate: a ${{ }} in a shell step is an error under a non-POSIX defaults.shell (the shell the runner uses), not under a POSIX one', () => {
  const step = '  a:\n    type: shell\n    with:\n      run: echo ${{ params.v }}\n';
  const withDefault = (shell: string) => `version: 1\ndefaults:\n  shell: ${shell}\nparams:\n  v: x\nsteps:\n${step}`;
  const found = diags(withDefault('fish'));
  assert.deepEqual(found.map((d) => d.code), ['script-injection']);
  assert.equal(found[0]!.problem, 'shell');
  assert.deepEqual(diags(withDefault('bash')).map((d) => d.code), []);
  // The step's own POSIX shell wins over the default.
  assert.deepEqual(diags(withDefault('fish').replace('with:\n', 'with:\n      shell: bash\n')).map((d) => d.code), []);
});

test('(unit) validate: the validator checks exactly the script keys the step types declare in withValues', () => {
  const declared = Object.fromEntries(
    [...BUILTIN_STEP_TYPES.values()]
      .map((t) => [t.type, Object.fromEntries(Object.entries(t.withValues ?? {}).filter(([, k]) => k !== 'raw'))] as const)
      .filter(([, keys]) => Object.keys(keys).length),
  );
  assert.deepEqual(declared, SCRIPT_KEYS);
});
