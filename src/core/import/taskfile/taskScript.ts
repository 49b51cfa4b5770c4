// Shell text the Taskfile converter writes around a task's commands: checks Task makes before it
// runs them (status, preconditions, platforms), its `defer:` cleanups, and the subshell that keeps a
// `cd` or `export` inside the one command that wrote it (Task runs each command in a shell of its own).

export function singleQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Skips the rest of the script when every status command succeeds (Task's "up to date"). */
export function statusCheck(commands: string[], task: string): string {
  return `if ${commands.map((c) => `{ ${c.trim()}; } >/dev/null 2>&1`).join(' && ')}; then echo ${singleQuote(`task ${task} is up to date (status)`)}; exit 0; fi`;
}

export function preconditionCheck(sh: string, msg: string | undefined): string {
  return `{ ${sh.trim()}; } >/dev/null 2>&1 || { echo ${singleQuote(msg ?? `precondition failed: ${sh.trim()}`)} >&2; exit 1; }`;
}

const ARCH: Record<string, string> = { amd64: 'x86_64', arm64: 'aarch64', '386': 'i686', arm: 'armv7l' };

function platformPatterns(platforms: string[]): string[] {
  return platforms.map((p) => {
    const [a, b] = p.split('/');
    const isArch = !b && !['linux', 'darwin', 'windows', 'freebsd', 'openbsd', 'netbsd'].includes(a);
    const os = isArch ? '*' : a;
    const arch = b ?? (isArch ? a : undefined);
    return `${os}/${arch ? (ARCH[arch] ?? arch) : '*'}`;
  });
}

const PLATFORM = `"$(uname -s | tr '[:upper:]' '[:lower:]')/$(uname -m)"`;

/** Task runs a task only on the listed platforms (`linux`, `darwin/arm64`, `amd64`) and skips it elsewhere. */
export function platformCheck(platforms: string[]): string {
  const patterns = platformPatterns(platforms);
  return `case ${PLATFORM} in ${patterns.join('|')}) ;; *) echo ${singleQuote(`skipped: runs on ${platforms.join(', ')} only`)}; exit 0 ;; esac`;
}

/** Runs the deferred commands seen so far, last first, when the script ends (also on failure). */
export function deferTrap(deferred: string[]): string {
  return `trap ${singleQuote([...deferred].reverse().join('; '))} EXIT`;
}

/** True when a command changes the shell it runs in, so later commands would see the change here. */
export function changesShell(cmd: string): boolean {
  return /(^|[;&|]\s*|\n\s*)(cd|export|set|source|\.|pushd|popd|unset|alias)\s/.test(cmd) || /(^|\n)\s*[A-Za-z_][A-Za-z0-9_]*=/.test(cmd);
}

/** A command Task runs only on the listed platforms. */
export function onPlatforms(platforms: string[], command: string): string {
  const body = command
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
  return `case ${PLATFORM} in\n  ${platformPatterns(platforms).join('|')})\n${body}\n    ;;\nesac`;
}
