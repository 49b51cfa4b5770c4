// Finds the `ansflow_events.py` callback plugin at run time. The extension and CLI bundles live in
// dist/, and the VSIX ships resources/ansible/ (the one copy); tsx runs reach it from src/core/clients/ansible.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** File name of the plugin; its folder goes into ANSIBLE_CALLBACK_PLUGINS. */
export const CALLBACK_PLUGIN_FILE = 'ansflow_events.py';
/** The name to put into ANSIBLE_CALLBACKS_ENABLED. */
export const CALLBACK_PLUGIN_NAME = 'ansflow_events';

/** The folder holding the callback plugin, or undefined when it cannot be found. */
export function resolveCallbackPluginDir(env: Record<string, string | undefined> = process.env): string | undefined {
  const candidates = [
    env.ANSFLOW_ANSIBLE_CALLBACK_DIR,
    // bundle: dist/extension.js or dist/cli.js → resources/ansible
    resolve(__dirname, '..', 'resources', 'ansible'),
    // source (tsx): src/core/clients/ansible → resources/ansible
    resolve(__dirname, '..', '..', '..', '..', 'resources', 'ansible'),
  ];
  return candidates.find((d): d is string => !!d && existsSync(join(d, CALLBACK_PLUGIN_FILE)));
}
