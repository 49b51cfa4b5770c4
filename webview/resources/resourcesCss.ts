// The Resources page's stylesheet, inlined by the host under the page's nonce; colours from the theme.
export const RESOURCES_CSS = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 12px 12px; }
.bar { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; padding: 8px 0; }
.bar button { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); border: none; padding: 3px 8px; cursor: pointer; }
.bar button.on { background: var(--vscode-button-background); color: var(--vscode-button-foreground); }
.status { color: var(--vscode-descriptionForeground); font-size: 0.9em; }
.note { color: var(--vscode-descriptionForeground); margin: 4px 0; }
.error { color: var(--vscode-errorForeground); margin: 4px 0; }
.tops { display: flex; flex-wrap: wrap; gap: 24px; }
h2 { font-size: 1.05em; margin: 14px 0 6px; }
table { border-collapse: collapse; min-width: 480px; }
th, td { text-align: left; padding: 2px 10px 2px 0; white-space: nowrap; }
th button { background: none; border: none; color: var(--vscode-foreground); font-weight: bold; cursor: pointer; padding: 0; }
th button.on { color: var(--vscode-textLink-foreground); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
svg.spark { vertical-align: middle; background: rgba(128, 128, 128, 0.12); }
.tops table { min-width: 0; }
svg.spark polyline { fill: none; stroke-width: 1.2; }
svg.spark.cpu polyline { stroke: var(--vscode-charts-blue); }
svg.spark.memory polyline { stroke: var(--vscode-charts-purple); }
`;
