// A `run:` script, made to mean locally what it meant on GitHub:
// - `$GITHUB_OUTPUT` is `$ANSFLOW_OUTPUT` (same `name=value` and delimiter forms);
// - `$GITHUB_ENV` lines become outputs that the job's later steps read into their env;
// - a `${{ }}` GitHub pasted as text where our runner passes one word (unquoted), or where no value
//   may go (arithmetic, a quoted heredoc, `eval`/`sh -c` strings), moves to the step's `env:`, so
//   the shell still splits it as before but never runs it as code (see "Values in scripts").
import { analyzeScript, type ScriptLanguage } from '../../runner/inject/index.js';
import type { DraftPath } from '../draft';
import { translateText } from './expressions';
import type { ImportScope } from './scope';

export interface MappedScript {
  script: string;
  /** Variables to add to the step's env (name → value with `${{ }}`). */
  env: Record<string, string>;
  /** Names the script appends to `$GITHUB_ENV` (now outputs of this step). */
  exportedEnv: string[];
}

function envName(source: string, taken: (name: string, value: string) => boolean, value: string): string {
  const words = source
    .replace(/'[^']*'/g, ' ')
    .split(/[^A-Za-z0-9_]+/)
    .filter((w) => w && !/^(steps|outputs|jobs|params|env|secrets|ci|matrix|format|join|toJSON|fromJSON)$/i.test(w));
  const base = (words.length ? words.slice(-2).join('_') : 'VALUE').toUpperCase().replace(/^(\d)/, '_$1').slice(0, 40);
  let name = base;
  for (let n = 2; taken(name, value); n++) name = `${base}_${n}`;
  return name;
}

const GITHUB_FILES: [RegExp, string][] = [
  [/\$\{GITHUB_OUTPUT\}|\$GITHUB_OUTPUT\b/g, '$ANSFLOW_OUTPUT'],
  [/\$\{GITHUB_STEP_SUMMARY\}|\$GITHUB_STEP_SUMMARY\b/g, '/dev/stdout'],
  [/\$\{GITHUB_PATH\}|\$GITHUB_PATH\b/g, '/dev/null'],
];

export function mapScript(run: string, language: ScriptLanguage, stepEnv: Record<string, unknown>, scope: ImportScope, at: DraftPath): MappedScript {
  let script = run;
  for (const [re, to] of GITHUB_FILES) script = script.replace(re, to);
  if (/GITHUB_PATH/.test(run)) scope.warn('changed-meaning', at, 'lines written to $GITHUB_PATH are dropped (written to /dev/null): put the tool on PATH before the run');
  if (/::set-output /.test(run)) scope.warn('changed-meaning', at, "'::set-output' is not read: write name=value to $ANSFLOW_OUTPUT instead");
  const exportedEnv: string[] = [];
  if (/GITHUB_ENV/.test(script)) {
    for (const line of script.split('\n')) {
      if (!/GITHUB_ENV/.test(line)) continue;
      const m = /^\s*echo\s+["']?([A-Za-z_][A-Za-z0-9_]*)(=|<<)/.exec(line);
      if (m) exportedEnv.push(m[1]!);
      else scope.warn('changed-meaning', at, `could not tell which variable this line sets for later steps: ${line.trim()}`);
    }
    script = script.replace(/\$\{GITHUB_ENV\}|\$GITHUB_ENV\b/g, '$ANSFLOW_OUTPUT');
    if (exportedEnv.length) scope.comment(at, `$GITHUB_ENV → $ANSFLOW_OUTPUT: the job's later steps read ${exportedEnv.join(', ')} from this step's outputs`);
  }

  // Translate contexts first; what has no local value becomes an empty variable, said so.
  const env: Record<string, string> = {};
  const taken = (name: string, value: string) => (name in env && env[name] !== value) || (name in stepEnv && stepEnv[name] !== value);
  const translated = translateText(script, scope, at);
  script = translated.text;
  for (const f of translated.failed) {
    scope.warn('changed-meaning', at, `${f.source} left out of the script: ${f.reason}`);
    scope.comment(at, `${f.source} left out of the script: ${f.reason}`);
  }

  const sites = analyzeScript(language, script);
  let out = '';
  let pos = 0;
  const moved: string[] = [];
  for (const site of sites) {
    const kind = site.context.kind;
    const plain = kind === 'unquoted' && /^\s*matrix\.([\w-]+)\s*$/.exec(site.source);
    const keep = kind === 'double' || kind === 'single' || kind === 'heredoc' || kind === 'comment' || kind === 'code' || kind === 'py-string' || kind === 'js-string' || (plain && scope.plainMatrixKeys.has(plain[1]!));
    if (keep) continue;
    if (kind === 'error' && site.context.problem.code === 'quoted-heredoc') scope.warn('changed-meaning', at, `\${{${site.source}}} was pasted into a quoted heredoc; it is now a variable there, which a quoted heredoc does not expand: unquote the heredoc delimiter`);
    if (language !== 'shell') {
      scope.warn('changed-meaning', at, `\${{${site.source}}} sits where no value may go in this script: move it to env: and read the variable`);
      continue;
    }
    const value = `\${{ ${site.source.trim()} }}`;
    const name = envName(site.source, taken, value);
    env[name] = value;
    out += script.slice(pos, site.start) + `\${${name}}`;
    pos = site.end;
    moved.push(name);
  }
  script = out + script.slice(pos);
  if (moved.length) {
    scope.comment([...at, 'env', moved[0]!], `moved out of the script: GitHub pastes values into the script text, AnsFlow hands them over as data (${[...new Set(moved)].join(', ')} split into words as before, never run as code)`);
  }
  return { script, env, exportedEnv };
}
