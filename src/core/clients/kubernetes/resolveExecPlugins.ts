// Editors started from a desktop launcher get a minimal PATH (no ~/.profile), so credential
// plugins such as `aws`, `gke-gcloud-auth-plugin` or `kubelogin` are often "not found" although
// kubectl in a terminal works. We look them up in the folders installers commonly use and pin the
// absolute path, and add that folder to the plugin's PATH so the plugins' own helpers resolve too.
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import type { RawKubeconfig } from './loadKubeconfig.js';
import { isExecutable } from '../../util/isExecutable.js';

/** Folders searched after PATH for exec credential plugins, in order. */
export function commonToolDirs(env: Record<string, string | undefined> = process.env): string[] {
  const home = env.HOME || homedir();
  return [
    '/usr/local/bin',
    '/usr/bin',
    '/bin',
    '/opt/homebrew/bin',
    '/home/linuxbrew/.linuxbrew/bin',
    '/snap/bin',
    '/usr/local/google-cloud-sdk/bin',
    join(home, '.local', 'bin'),
    join(home, 'bin'),
    join(home, 'google-cloud-sdk', 'bin'),
    join(home, '.krew', 'bin'),
    join(home, '.azure-kubelogin'),
    join(home, 'go', 'bin'),
    join(home, '.asdf', 'shims'),
    join(home, '.nix-profile', 'bin'),
    '/nix/var/nix/profiles/default/bin',
  ];
}

/** Finds an executable on PATH, then in {@link commonToolDirs}; undefined when absent. */
export function findExecutable(command: string, env: Record<string, string | undefined> = process.env, extraDirs: string[] = []): string | undefined {
  if (command.includes('/')) return isExecutable(command) ? command : undefined;
  const exts = process.platform === 'win32' ? ['', '.exe', '.cmd', '.bat'] : [''];
  const dirs = [...(env.PATH ?? '').split(delimiter).filter(Boolean), ...extraDirs, ...commonToolDirs(env)];
  for (const dir of dirs) {
    for (const ext of exts) {
      const p = join(dir, command + ext);
      if (isExecutable(p)) return p;
    }
  }
  return undefined;
}

/** Why an exec plugin cannot start; kept on the user entry so requests fail with a clear message. */
export interface MissingExecPlugin {
  user: string;
  command: string;
  installHint?: string;
}

/** Exec plugins that could not be found, keyed by user name (filled by {@link resolveExecPlugins}). */
export const missingExecPlugins = new WeakMap<RawKubeconfig, MissingExecPlugin[]>();

/**
 * Returns a copy of `raw` where each user's exec plugin command is an absolute path when it can be
 * found, with the plugin's folder prepended to the PATH it runs with. Missing ones are recorded in
 * {@link missingExecPlugins} and left untouched.
 */
export function resolveExecPlugins(raw: RawKubeconfig, env: Record<string, string | undefined> = process.env): RawKubeconfig {
  const missing: MissingExecPlugin[] = [];
  const users = raw.users.map((entry) => {
    const user = entry.user as Record<string, unknown> | undefined;
    const exec = user?.exec as Record<string, unknown> | undefined;
    if (!exec || typeof exec.command !== 'string') return entry;
    const found = findExecutable(exec.command, env);
    if (!found) {
      missing.push({ user: entry.name, command: exec.command, installHint: typeof exec.installHint === 'string' ? exec.installHint : undefined });
      return entry;
    }
    const execEnv = Array.isArray(exec.env) ? [...(exec.env as Array<{ name: string; value: string }>)] : [];
    if (!execEnv.some((e) => e.name === 'PATH')) {
      const dir = dirname(found);
      const path = [dir, ...(env.PATH ?? '').split(delimiter).filter((d) => d && d !== dir), ...commonToolDirs(env)];
      execEnv.push({ name: 'PATH', value: [...new Set(path)].join(delimiter) });
    }
    return { ...entry, user: { ...user, exec: { ...exec, command: isAbsolute(found) ? found : exec.command, env: execEnv } } };
  });
  const out = { ...raw, users };
  missingExecPlugins.set(out, missing);
  return out;
}

/** A message naming the missing plugin executable and where it was looked for. */
export function describeMissingPlugin(m: MissingExecPlugin, env: Record<string, string | undefined> = process.env): { message: string; hint: string } {
  return {
    message: `Kubernetes user "${m.user}" needs the credential plugin "${m.command}", which was not found on PATH or in ${commonToolDirs(env).slice(0, 6).join(', ')}, ….`,
    hint: m.installHint?.trim() || `Install "${m.command}" or put its full path in the kubeconfig's users[].user.exec.command.`,
  };
}
