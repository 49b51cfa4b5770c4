// Pure language features over (text, position, workspace index); VS Code adapters live in src/vscode.
export {};
