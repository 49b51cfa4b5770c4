// The side form's styles, appended by the host to the graph's stylesheet; theme colours only through
// VS Code's CSS variables, like the rest of the page.
export const FORM_CSS = `
.side-form { width: 300px; overflow: auto; border-left: 1px solid var(--vscode-panel-border); padding: 0 10px 10px; }
.side-form h2 { font-size: 1em; font-weight: 600; margin: 10px 0 6px; word-break: break-all; }
.side-form fieldset { border: none; margin: 0 0 8px; padding: 0; min-width: 0; }
.side-form legend { font-weight: 600; padding: 6px 0 2px; color: var(--vscode-descriptionForeground); }
.field { display: flex; flex-direction: column; gap: 2px; margin: 6px 0; }
.field label { font-weight: 600; }
.field .required { color: var(--vscode-errorForeground); }
.field input[type=text], .field input[type=number], .field textarea, .field select { font: inherit; color: var(--vscode-input-foreground); background: var(--vscode-input-background); border: 1px solid var(--vscode-input-border, var(--vscode-panel-border)); border-radius: 2px; padding: 2px 4px; }
.field textarea { font-family: var(--vscode-editor-font-family, monospace); resize: vertical; }
.field input[type=checkbox] { align-self: flex-start; accent-color: var(--vscode-checkbox-background, var(--vscode-focusBorder)); }
.field :focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
.field.has-problems input, .field.has-problems textarea, .field.has-problems select { border-color: var(--vscode-inputValidation-errorBorder, var(--vscode-errorForeground)); }
.field .link { text-align: left; padding: 0; }
.help { font-size: 0.9em; }
.problems { list-style: none; margin: 2px 0; padding: 0; }
.problem { font-size: 0.9em; padding-left: 4px; border-left: 2px solid var(--vscode-editorInfo-foreground, var(--vscode-descriptionForeground)); }
.problem.error { color: var(--vscode-errorForeground); border-color: var(--vscode-errorForeground); }
.problem.warning { color: var(--vscode-editorWarning-foreground); border-color: var(--vscode-editorWarning-foreground); }
.form-note { padding: 4px 6px; border-left: 3px solid var(--vscode-textBlockQuote-border, var(--vscode-focusBorder)); background: var(--vscode-textBlockQuote-background, transparent); }
`;
