// What the editor command loads on its first use (kept out of activation).
export { importCi, emitDraft } from './index';
export { importTarget } from './importTarget';
export { noteDiagnostics } from './noteDiagnostics';
