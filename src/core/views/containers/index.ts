// Public surface of the Containers view model: the tree as data and the live model behind it.
export * from './containersTree.js';
export * from './containerFormat.js';
export * from './ContainersModel.js';
export * from './prunePlan.js';
export * from './runImageInputs.js';
export * from './statsTable.js';
export * from './transferProgress.js';
export * from './terminalText.js';
