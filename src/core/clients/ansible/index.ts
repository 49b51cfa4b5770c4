// Public surface of the Ansible client: inventories (native + ansible-inventory fallback),
// playbook and ad-hoc commands as data, and the event stream of the AnsFlow callback plugin.
export * from './inventory/InventoryData.js';
export * from './inventory/parseIniInventory.js';
export * from './inventory/parseYamlInventory.js';
export * from './inventory/formatInventory.js';
export * from './inventory/loadInventory.js';
export * from './runToolCommand.js';
export * from './ansibleEvents.js';
export * from './callbackPlugin.js';
export * from './playbookCommand.js';
export * from './runPlaybook.js';
