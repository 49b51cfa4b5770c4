// Credentials for git, handed over through the environment and private files, never argv: an HTTPS
// token is answered by a GIT_ASKPASS script that reads it from the environment; an SSH key is a
// 0600 file in a fresh 0700 folder inside the run's folder, named by GIT_SSH_COMMAND, with a
// known_hosts policy (strict against the given hosts, else accept-new).
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { shellQuote } from '../../../util/shellQuote.js';
import { makePrivateTempDir } from '../../runFolder.js';

/** What the step was given: secret values already resolved. */
export interface GitCredentialInput {
  token?: string;
  /** The user name sent with the token (hosts differ; most accept any). */
  username?: string;
  sshKey?: string;
  /** known_hosts lines; without them new host keys are accepted and changed ones refused. */
  knownHosts?: string;
}

/** The environment to add to every git command, and the cleanup of the files behind it. */
export interface GitCredentials {
  env: Record<string, string>;
  dispose(): void;
}

// Names of the variables the askpass script reads; git passes its prompt as the first argument.
const TOKEN_VAR = 'ANSFLOW_GIT_TOKEN';
const USER_VAR = 'ANSFLOW_GIT_USERNAME';

/** The askpass script for this platform (file name and text). */
export function askpassScript(platform: NodeJS.Platform = process.platform): { name: string; text: string } {
  if (platform === 'win32') {
    const lines = ['@echo off', 'echo %~1| findstr /b /i "Username" >nul', 'if errorlevel 1 goto token', `echo(%${USER_VAR}%`, 'exit /b 0', ':token', `echo(%${TOKEN_VAR}%`];
    return { name: 'askpass.cmd', text: lines.join('\r\n') + '\r\n' };
  }
  return { name: 'askpass.sh', text: `#!/bin/sh\ncase "$1" in\n  Username*) printf '%s\\n' "$${USER_VAR}" ;;\n  *) printf '%s\\n' "$${TOKEN_VAR}" ;;\nesac\n` };
}

/** GIT_SSH_COMMAND (git runs it with a POSIX shell) for a key file and, when given, a strict known_hosts file. */
export function sshCommand(keyFile: string, knownHostsFile: string | undefined): string {
  const hosts = knownHostsFile ? ['-o', `UserKnownHostsFile=${knownHostsFile}`, '-o', 'StrictHostKeyChecking=yes'] : ['-o', 'StrictHostKeyChecking=accept-new'];
  return ['ssh', '-i', keyFile, '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes', ...hosts].map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : shellQuote(w))).join(' ');
}

function writePrivate(file: string, text: string, mode: number): void {
  writeFileSync(file, text, { mode });
  chmodSync(file, mode);
}

/**
 * Writes what the credentials need and returns the environment for git. Prompts on the terminal are
 * off either way: a run must fail, not wait for someone to type.
 */
export function prepareGitCredentials(c: GitCredentialInput): GitCredentials {
  const env: Record<string, string> = { GIT_TERMINAL_PROMPT: '0' };
  if (!c.token && !c.sshKey) return { env, dispose: () => {} };
  const dir = makePrivateTempDir('ansflow-git-');
  const dispose = () => rmSync(dir, { recursive: true, force: true });
  try {
    if (c.token) {
      const s = askpassScript();
      const file = join(dir, s.name);
      writePrivate(file, s.text, 0o700);
      Object.assign(env, { GIT_ASKPASS: file, [TOKEN_VAR]: c.token, [USER_VAR]: c.username || 'x-access-token' });
    }
    if (c.sshKey) {
      const key = join(dir, 'id_key');
      // ssh rejects a key file whose last line has no newline ("invalid format").
      writePrivate(key, c.sshKey.endsWith('\n') ? c.sshKey : c.sshKey + '\n', 0o600);
      let hosts: string | undefined;
      if (c.knownHosts?.trim()) {
        hosts = join(dir, 'known_hosts');
        writePrivate(hosts, c.knownHosts.endsWith('\n') ? c.knownHosts : c.knownHosts + '\n', 0o600);
      }
      env.GIT_SSH_COMMAND = sshCommand(key, hosts);
    }
    return { env, dispose };
  } catch (e) {
    dispose();
    throw e;
  }
}
