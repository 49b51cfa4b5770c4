// Which YAML files are playbooks (a list of plays, each with `hosts:` or an `import_playbook`), for
// the "Run Playbook on…" picker.
import { parseAnsibleYaml } from '../../clients/ansible/inventory/parseYamlInventory.js';

const PLAY_KEYS = ['hosts', 'import_playbook', 'ansible.builtin.import_playbook'];

/** True when the text is a playbook. Unparsable text is not. */
export function isPlaybookText(text: string): boolean {
  // Cheap reject before parsing every YAML file of a workspace.
  if (!/^\s*-?\s*(hosts|import_playbook|ansible\.builtin\.import_playbook)\s*:/m.test(text)) return false;
  let data: unknown;
  try {
    data = parseAnsibleYaml(text, true);
  } catch {
    return false;
  }
  return Array.isArray(data) && data.length > 0 && data.every((play) => play instanceof Map && PLAY_KEYS.some((k) => play.has(k)));
}
