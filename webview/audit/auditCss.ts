// The audit log page's stylesheet, inlined by the host under the page's nonce; colours from the theme.
export const AUDIT_CSS = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 12px 12px; }
.bar { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; padding: 8px 0; position: sticky; top: 0; background: var(--vscode-editor-background); }
.bar input { flex: 1; min-width: 200px; background: var(--vscode-input-background); color: var(--vscode-input-foreground); border: 1px solid var(--vscode-panel-border); padding: 3px 6px; }
.bar button { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); border: none; padding: 3px 8px; cursor: pointer; }
.status { color: var(--vscode-descriptionForeground); font-size: 0.9em; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 2px 10px 2px 0; vertical-align: top; }
th { position: sticky; top: 34px; background: var(--vscode-editor-background); }
td.time, td.user, td.action, td.result, td.run { white-space: nowrap; }
td.detail { color: var(--vscode-descriptionForeground); word-break: break-word; }
tr.failed td.result, tr.rejected td.result { color: var(--vscode-errorForeground); }
`;
