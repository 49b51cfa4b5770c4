// The bash, zsh and fish scripts `ansflow completion <shell>` prints, built from the completion model.
// Names come from code (commands and options are [a-z-]); help text is quoted for fish only.
import { PIPELINE_PATH_REGEX_SOURCE } from '../../core/pipeline/pipelineFiles.js';
import { COMPLETE_STEPS_COMMAND, WITH_JOBS_FLAG, type CompletedCommand, type CompletedFlag } from './completionModel.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

const PIPELINE_CASE = '*.ansflow.yaml|*.ansflow.yml';

function spellings(f: CompletedFlag): string[] {
  return f.short ? [f.long, f.short] : [f.long];
}

function flagWords(c: CompletedCommand): string {
  return c.flags.flatMap(spellings).join(' ');
}

/** Shell `case` arms for the flags of one kind of value, or none. */
function valueArms(c: CompletedCommand, pick: (f: CompletedFlag) => boolean): string {
  return c.flags.filter(pick).flatMap(spellings).join('|');
}

function bash(commands: CompletedCommand[]): string {
  const arms = commands.map((c) => {
    const lines = [`    ${c.name})`, '      case "$prev" in'];
    const steps = valueArms(c, (f) => f.value?.kind === 'steps' && !f.value.jobs);
    if (steps) lines.push(`        ${steps}) COMPREPLY=( $(compgen -W "$(_ansflow_steps "$file")" -- "$cur") ); return 0 ;;`);
    const targets = valueArms(c, (f) => f.value?.kind === 'steps' && f.value.jobs === true);
    if (targets) lines.push(`        ${targets}) COMPREPLY=( $(compgen -W "$(_ansflow_steps "$file" ${WITH_JOBS_FLAG})" -- "$cur") ); return 0 ;;`);
    for (const f of c.flags) if (f.value?.kind === 'choices') lines.push(`        ${spellings(f).join('|')}) COMPREPLY=( $(compgen -W "${f.value.choices.join(' ')}" -- "$cur") ); return 0 ;;`);
    const files = valueArms(c, (f) => f.value?.kind === 'file');
    if (files) lines.push(`        ${files}) COMPREPLY=( $(compgen -f -- "$cur") ); return 0 ;;`);
    lines.push('      esac');
    lines.push(`      if [[ "$cur" == -* ]]; then COMPREPLY=( $(compgen -W "${flagWords(c)}" -- "$cur") ); return 0; fi`);
    if (c.positional === 'pipeline') lines.push('      COMPREPLY=( $(compgen -G "${cur}*.ansflow.y*ml") $(compgen -d -S / -- "$cur") )');
    else if (c.positional === 'path') lines.push('      COMPREPLY=( $(compgen -f -- "$cur") )');
    lines.push('      ;;');
    return lines.join('\n');
  });
  return `# ansflow bash completion. Load with: source <(ansflow completion bash)
_ansflow_steps() {
  [ -n "$1" ] && ansflow ${COMPLETE_STEPS_COMMAND} "$@" 2>/dev/null
}
_ansflow() {
  local cur prev cmd file i
  COMPREPLY=()
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=( $(compgen -W "${commands.map((c) => c.name).join(' ')} help" -- "$cur") )
    return 0
  fi
  cmd="\${COMP_WORDS[1]}"
  file=""
  for ((i = 2; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in ${PIPELINE_CASE}) file="\${COMP_WORDS[i]}" ;; esac
  done
  case "$cmd" in
${arms.join('\n')}
    help)
      COMPREPLY=( $(compgen -W "${commands.map((c) => c.name).join(' ')}" -- "$cur") )
      ;;
  esac
  return 0
}
complete -o filenames -F _ansflow ansflow
`;
}

function zsh(commands: CompletedCommand[]): string {
  const arms = commands.map((c) => {
    const lines = [`    ${c.name})`, '      case $prev in'];
    for (const [jobs, flags] of [[false, valueArms(c, (f) => f.value?.kind === 'steps' && !f.value.jobs)], [true, valueArms(c, (f) => f.value?.kind === 'steps' && f.value.jobs === true)]] as const) {
      if (flags) lines.push(`        ${flags}) [[ -n $file ]] && compadd -- \${(f)"$(ansflow ${COMPLETE_STEPS_COMMAND} "$file"${jobs ? ` ${WITH_JOBS_FLAG}` : ''} 2>/dev/null)"}; return ;;`);
    }
    for (const f of c.flags) if (f.value?.kind === 'choices') lines.push(`        ${spellings(f).join('|')}) compadd -- ${f.value.choices.join(' ')}; return ;;`);
    const files = valueArms(c, (f) => f.value?.kind === 'file');
    if (files) lines.push(`        ${files}) _files; return ;;`);
    lines.push('      esac');
    lines.push(`      if [[ $cur == -* ]]; then compadd -- ${flagWords(c)}; return; fi`);
    if (c.positional === 'pipeline') lines.push("      _files -g '*.ansflow.y*ml'");
    else if (c.positional === 'path') lines.push('      _files');
    lines.push('      ;;');
    return lines.join('\n');
  });
  return `#compdef ansflow
# ansflow zsh completion. Load with: source <(ansflow completion zsh), or save as _ansflow in $fpath.
_ansflow() {
  local cur=\${words[CURRENT]} prev=\${words[CURRENT-1]} cmd=\${words[2]} file= i
  if (( CURRENT == 2 )); then
    compadd -- ${commands.map((c) => c.name).join(' ')} help
    return
  fi
  for (( i = 3; i < CURRENT; i++ )); do
    case \${words[i]} in ${PIPELINE_CASE}) file=\${words[i]} ;; esac
  done
  case $cmd in
${arms.join('\n')}
    help)
      compadd -- ${commands.map((c) => c.name).join(' ')}
      ;;
  esac
}
if [[ $funcstack[1] == _ansflow ]]; then
  _ansflow "$@"
else
  compdef _ansflow ansflow
fi
`;
}

function fishQuote(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function fish(commands: CompletedCommand[]): string {
  const out = [
    '# ansflow fish completion. Load with: ansflow completion fish | source',
    // Extra arguments (`--jobs`) go on to the helper.
    'function __ansflow_steps',
    '    for w in (commandline -opc)',
    '        switch $w',
    "            case '*.ansflow.yaml' '*.ansflow.yml'",
    `                ansflow ${COMPLETE_STEPS_COMMAND} $w $argv 2>/dev/null`,
    '                return',
    '        end',
    '    end',
    'end',
    // __fish_complete_suffix (fish 3.6) also offers files without the suffix, so pipeline files are listed
    // here: folders to walk into, and files whose names make them pipelines.
    'function __ansflow_pipeline_files',
    "    set -l dir (string match -r '.*/' -- (commandline -ct)); or set dir ''",
    '    for f in $dir* $dir.*',
    '        if test -d $f',
    '            echo $f/',
    `        else if string match -q -r -- ${fishQuote(PIPELINE_PATH_REGEX_SOURCE)} $f`,
    '            echo $f',
    '        end',
    '    end',
    'end',
    'complete -c ansflow -f',
  ];
  for (const c of commands) out.push(`complete -c ansflow -n __fish_use_subcommand -a ${c.name} -d ${fishQuote(c.summary)}`);
  for (const c of commands) {
    const when = `-n '__fish_seen_subcommand_from ${c.name}'`;
    for (const f of c.flags) {
      const names = [`-l ${f.long.slice(2)}`, ...(f.short ? [`-s ${f.short.slice(1)}`] : [])].join(' ');
      const value = !f.value ? '' : f.value.kind === 'steps' ? ` -x -a '(__ansflow_steps${f.value.jobs ? ` ${WITH_JOBS_FLAG}` : ''})'` : f.value.kind === 'choices' ? ` -x -a ${fishQuote(f.value.choices.join(' '))}` : ' -r -F';
      out.push(`complete -c ansflow ${when} ${names}${value} -d ${fishQuote(f.help)}`);
    }
    if (c.positional === 'pipeline') out.push(`complete -c ansflow ${when} -a '(__ansflow_pipeline_files)'`);
    else if (c.positional === 'path') out.push(`complete -c ansflow ${when} -F`);
  }
  return `${out.join('\n')}\n`;
}

export function completionScript(shell: Shell, commands: CompletedCommand[]): string {
  return shell === 'bash' ? bash(commands) : shell === 'zsh' ? zsh(commands) : fish(commands);
}
