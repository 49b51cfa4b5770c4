// The logs page's stylesheet, inlined by the host under the page's nonce. Colours come from the
// theme (terminal ANSI colours for sources, so they read on light and dark themes alike).

/** Theme colours given to sources in order of appearance. */
export const SOURCE_COLOURS = ['ansiCyan', 'ansiGreen', 'ansiMagenta', 'ansiYellow', 'ansiBlue', 'ansiRed', 'ansiBrightCyan', 'ansiBrightGreen', 'ansiBrightMagenta', 'ansiBrightYellow', 'ansiBrightBlue', 'ansiBrightRed'];

/** Height of one line in pixels: rows are drawn only where the scroll position shows them. */
export const ROW_H = 18;

export const LOGS_CSS = `
html, body { height: 100%; margin: 0; padding: 0; overflow: hidden; }
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); }
#root { display: flex; flex-direction: column; height: 100%; }
.bar { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; padding: 6px 8px; border-bottom: 1px solid var(--vscode-panel-border); }
.bar input[type=text] { background: var(--vscode-input-background); color: var(--vscode-input-foreground); border: 1px solid var(--vscode-input-border, transparent); padding: 2px 4px; }
.bar input.bad { border-color: var(--vscode-inputValidation-errorBorder); }
.bar button { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); border: none; padding: 3px 8px; cursor: pointer; }
.bar button.on { background: var(--vscode-button-background); color: var(--vscode-button-foreground); }
.bar label { display: inline-flex; align-items: center; gap: 2px; }
.sources { display: flex; flex-wrap: wrap; gap: 10px; padding: 2px 8px 4px; font-size: 0.9em; }
.sources .ended, .sources .failed { opacity: 0.6; }
.status { padding: 2px 8px; font-size: 0.9em; color: var(--vscode-descriptionForeground); }
.notice { padding: 2px 8px; color: var(--vscode-errorForeground); }
.scroller { flex: 1; overflow: auto; position: relative; font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); }
.row { position: absolute; left: 0; right: 0; height: ${ROW_H}px; line-height: ${ROW_H}px; white-space: pre; padding-left: 8px; }
.row .ts { color: var(--vscode-descriptionForeground); margin-right: 8px; }
.row .src { display: inline-block; min-width: 12ch; margin-right: 8px; }
.row.error .text { color: var(--vscode-errorForeground); }
.row.warn .text { color: var(--vscode-editorWarning-foreground); }
.row.jump { background: var(--vscode-editor-findMatchHighlightBackground); }
`;
