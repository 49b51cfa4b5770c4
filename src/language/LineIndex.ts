// The language service maps offsets with core's one LineIndex (\n, \r\n and lone \r end lines, as in LSP).
export { LineIndex, type Position, type LineRange } from '../core/pipeline/lineIndex.js';
