// The graph editor's stylesheet, inlined by the host into a nonce'd <style> (no stylesheet request).
/** Theme colours only through VS Code's CSS variables (light, dark and both high-contrast themes). */
export const GRAPH_CSS = `
/* A waiting gate's Approve / Reject under its node (button colours; the focus ring as everywhere). */
.gate { overflow: visible; }
.gate-bar { display: flex; gap: 4px; height: 100%; align-items: stretch; }
.gate-bar button { flex: 1; font: inherit; font-size: 0.85em; padding: 0 6px; border-radius: 2px; cursor: pointer; border: 1px solid var(--vscode-button-border, transparent); }
.gate-approve { color: var(--vscode-button-foreground); background: var(--vscode-button-background); }
.gate-approve:hover { background: var(--vscode-button-hoverBackground); }
.gate-reject { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); }
.gate-reject:hover { background: var(--vscode-button-secondaryHoverBackground); }
.gate-bar button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
html, body { height: 100%; margin: 0; padding: 0; }
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); }
#root, .app { height: 100%; display: flex; flex-direction: column; }
.main { flex: 1; display: flex; min-height: 0; }
.palette { width: 180px; overflow: auto; border-right: 1px solid var(--vscode-panel-border); padding: 0 8px; }
.palette h2 { font-size: 1em; font-weight: 600; margin: 10px 0 6px; }
.palette ul { list-style: none; margin: 0; padding: 0; }
.pal { width: 100%; text-align: left; margin: 1px 0; padding: 3px 6px; border: 1px solid var(--vscode-button-border, transparent); border-radius: 3px; background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); cursor: grab; font: inherit; }
.pal:hover { background: var(--vscode-button-secondaryHoverBackground); }
.pal:disabled { opacity: 0.5; cursor: default; }
.hint { font-size: 0.9em; }
.canvas-wrap { flex: 1; display: flex; flex-direction: column; position: relative; min-width: 0; }
.toolbar { display: flex; gap: 6px; align-items: center; padding: 4px 8px; border-bottom: 1px solid var(--vscode-panel-border); }
.toolbar button, .menu button { font: inherit; color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: 1px solid var(--vscode-button-border, transparent); border-radius: 2px; padding: 2px 8px; cursor: pointer; }
.toolbar button:hover { background: var(--vscode-button-hoverBackground); }
.canvas { flex: 1; width: 100%; min-height: 0; outline: none; touch-action: none; }
.canvas:focus-visible { outline: 1px solid var(--vscode-focusBorder); }
.muted { color: var(--vscode-descriptionForeground); }
.banner { padding: 4px 10px; border-bottom: 1px solid var(--vscode-panel-border); }
.banner.error { background: var(--vscode-inputValidation-errorBackground); border-color: var(--vscode-inputValidation-errorBorder); }
.banner.notice { background: var(--vscode-inputValidation-warningBackground); border-color: var(--vscode-inputValidation-warningBorder); }
.link { background: none; border: none; color: var(--vscode-textLink-foreground); cursor: pointer; font: inherit; }
.edge { fill: none; stroke: var(--vscode-editorWidget-border, var(--vscode-descriptionForeground)); stroke-width: 1.5; cursor: pointer; }
.edge.upstream { stroke: var(--vscode-charts-blue); stroke-width: 2; }
.edge.cycle { stroke: var(--vscode-errorForeground); stroke-dasharray: 4 3; }
.edge.selected { stroke: var(--vscode-focusBorder); stroke-width: 3; }
.edge.dragging { stroke: var(--vscode-focusBorder); stroke-dasharray: 5 4; pointer-events: none; }
.arrowhead { fill: var(--vscode-descriptionForeground); }
.node { cursor: pointer; outline: none; }
.node .box { fill: var(--vscode-editorWidget-background); stroke: var(--vscode-contrastBorder, var(--vscode-panel-border)); stroke-width: 1; }
.node .stripe { fill: var(--vscode-descriptionForeground); }
.node.finally .box { stroke-dasharray: 5 3; }
.node.upstream .box { stroke: var(--vscode-charts-blue); }
.node.highlight .box { stroke: var(--vscode-editorCursor-foreground, var(--vscode-focusBorder)); stroke-width: 2; }
.node.selected .box, .node:focus-visible .box { stroke: var(--vscode-focusBorder); stroke-width: 2.5; }
.node .name { fill: var(--vscode-foreground); font-weight: 600; }
.node .type { fill: var(--vscode-descriptionForeground); font-size: 0.9em; }
.node .port { fill: var(--vscode-button-background); stroke: var(--vscode-editor-background); cursor: crosshair; }
.node .matrix rect { fill: var(--vscode-badge-background); }
.node .matrix text { fill: var(--vscode-badge-foreground); font-size: 10px; text-anchor: middle; }
.badge text { font-size: 10px; text-anchor: middle; fill: var(--vscode-editor-background); font-weight: 700; }
.badge.err circle { fill: var(--vscode-errorForeground); }
.badge.warn circle { fill: var(--vscode-editorWarning-foreground); }
.st-queued .stripe { fill: var(--vscode-descriptionForeground); }
.st-running .stripe { fill: var(--vscode-charts-blue); }
.st-running .box { stroke: var(--vscode-charts-blue); }
.st-succeeded .stripe { fill: var(--vscode-testing-iconPassed); }
.st-failed .stripe { fill: var(--vscode-testing-iconFailed); }
.st-failed .box { stroke: var(--vscode-testing-iconFailed); }
.st-skipped .stripe { fill: var(--vscode-disabledForeground); }
.st-skipped { opacity: 0.7; }
.st-waiting .stripe { fill: var(--vscode-editorWarning-foreground); }
.st-cancelled .stripe { fill: var(--vscode-disabledForeground); }
/* Paused by the debugger: the debug toolbar's pause colour and a dashed outline, so it reads without colour too. */
.st-paused .stripe { fill: var(--vscode-debugIcon-pauseForeground, var(--vscode-editorWarning-foreground)); }
.st-paused .box { stroke: var(--vscode-debugIcon-pauseForeground, var(--vscode-editorWarning-foreground)); stroke-width: 2.5; stroke-dasharray: 6 3; }
.menu { position: fixed; display: flex; flex-direction: column; z-index: 10; background: var(--vscode-menu-background); border: 1px solid var(--vscode-menu-border, var(--vscode-panel-border)); padding: 4px; gap: 2px; }
.menu button { text-align: left; background: transparent; color: var(--vscode-menu-foreground); border: none; }
.menu button:hover, .menu button:focus { background: var(--vscode-menu-selectionBackground); color: var(--vscode-menu-selectionForeground); }
.node.critical .box { stroke: var(--vscode-charts-orange, var(--vscode-editorWarning-foreground)); stroke-width: 2.5; }
.edge.critical { stroke: var(--vscode-charts-orange, var(--vscode-editorWarning-foreground)); stroke-width: 2.5; }
.critical-note { margin-left: auto; color: var(--vscode-charts-orange, var(--vscode-editorWarning-foreground)); }
/* A job: a box behind its steps, its name (and matrix count) on top; needs written with its name end on the box. */
.group { cursor: pointer; }
.group-box { fill: var(--vscode-editor-inactiveSelectionBackground, transparent); fill-opacity: 0.35; stroke: var(--vscode-panel-border, var(--vscode-contrastBorder)); stroke-width: 1.5; }
.group.selected .group-box { stroke: var(--vscode-focusBorder); stroke-width: 2.5; }
.group-name { fill: var(--vscode-foreground); font-weight: 600; }
.group-matrix { fill: var(--vscode-descriptionForeground); font-weight: 400; }
.group .port { fill: var(--vscode-button-background); stroke: var(--vscode-editor-background); cursor: crosshair; }
.edge.job-edge { stroke-width: 2.25; }
/* A big graph far out (farView.tsx): each step one rect, the same looks as a step's .box above (same order,
   so the same one wins); stripes are shared paths that leave the pointer to the steps. */
rect.node.far { fill: var(--vscode-editorWidget-background); stroke: var(--vscode-contrastBorder, var(--vscode-panel-border)); stroke-width: 1; }
rect.node.far.finally { stroke-dasharray: 5 3; }
rect.node.far.st-running { stroke: var(--vscode-charts-blue); }
rect.node.far.st-failed { stroke: var(--vscode-testing-iconFailed); }
rect.node.far.st-paused { stroke: var(--vscode-debugIcon-pauseForeground, var(--vscode-editorWarning-foreground)); stroke-width: 2.5; stroke-dasharray: 6 3; }
rect.node.far.upstream { stroke: var(--vscode-charts-blue); }
rect.node.far.highlight { stroke: var(--vscode-editorCursor-foreground, var(--vscode-focusBorder)); stroke-width: 2; }
rect.node.far.selected, rect.node.far:focus-visible { stroke: var(--vscode-focusBorder); stroke-width: 2.5; }
rect.node.far.critical { stroke: var(--vscode-charts-orange, var(--vscode-editorWarning-foreground)); stroke-width: 2.5; }
.stripes { pointer-events: none; }
.stripe { fill: var(--vscode-descriptionForeground); }
/* The minimap sits over the canvas's bottom-right corner. */
.minimap { position: absolute; right: 10px; bottom: 10px; background: var(--vscode-editorWidget-background); border: 1px solid var(--vscode-panel-border); cursor: pointer; touch-action: none; }
.minimap-nodes { fill: var(--vscode-descriptionForeground); opacity: 0.7; }
.minimap-nodes.critical { fill: var(--vscode-charts-orange, var(--vscode-editorWarning-foreground)); opacity: 1; }
.minimap-view { fill: var(--vscode-focusBorder); fill-opacity: 0.15; stroke: var(--vscode-focusBorder); stroke-width: 1; }
`;
