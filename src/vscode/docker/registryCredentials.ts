// Registry credentials for push/pull: the docker CLI's own (config.json auths, credential helpers),
// else ones saved in SecretStorage after a sign-in prompt. Passwords go from the prompt to
// SecretStorage and the engine's X-Registry-Auth header only: never to a terminal, log or message.
import * as vscode from 'vscode';
import { findRegistryAuth, registryOf, type RegistryAuth } from '../../core/clients/docker/index.js';
import { runToolCommand } from '../../core/process/runToolCommand.js';

const secretKey = (registry: string): string => `ansflow.docker.registry:${registry}`;

/** Stored credentials for `ref`'s registry, or undefined. */
export async function findCredentials(ref: string, secrets: vscode.SecretStorage): Promise<RegistryAuth | undefined> {
  const fromCli = await findRegistryAuth(ref, { runHelper: (cmd) => runToolCommand(cmd) }).catch(() => undefined);
  if (fromCli) return fromCli;
  const saved = await secrets.get(secretKey(registryOf(ref)));
  if (!saved) return undefined;
  try {
    return JSON.parse(saved) as RegistryAuth;
  } catch {
    return undefined;
  }
}

/** Asks for a user name and password for `ref`'s registry and saves them in SecretStorage. */
export async function promptCredentials(ref: string, secrets: vscode.SecretStorage): Promise<RegistryAuth | undefined> {
  const registry = registryOf(ref);
  const username = await vscode.window.showInputBox({ title: `Sign in to ${registry}`, prompt: 'User name', ignoreFocusOut: true });
  if (!username) return undefined;
  const password = await vscode.window.showInputBox({ title: `Sign in to ${registry}`, prompt: `Password or token for ${username}`, password: true, ignoreFocusOut: true });
  if (!password) return undefined;
  const auth: RegistryAuth = { username, password, serveraddress: registry };
  await secrets.store(secretKey(registry), JSON.stringify(auth));
  return auth;
}

/** Forgets saved credentials (after the registry refused them). */
export function forgetCredentials(ref: string, secrets: vscode.SecretStorage): Thenable<void> {
  return secrets.delete(secretKey(registryOf(ref)));
}
