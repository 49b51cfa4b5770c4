// The one page shell every AnsFlow webview uses: a strict Content-Security-Policy where scripts and
// styles run only with this page's nonce and nothing loads from outside the extension's own folder.
import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';

export interface WebviewPageOptions {
  title: string;
  /** Stylesheet text, inlined under the nonce. */
  css: string;
  /** The bundle to run (a webview URI of dist/webview/<app>.js). */
  script: vscode.Uri;
  /** Attributes of the root element, e.g. `data-worker="…"`. */
  rootAttributes?: string;
  /** Extra CSP directives a page needs, e.g. `worker-src blob:`. */
  extraCsp?: readonly string[];
}

export function webviewPage(webview: vscode.Webview, o: WebviewPageOptions): string {
  const nonce = randomBytes(16).toString('base64');
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    ...(o.extraCsp ?? []),
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${o.title}</title>
<style nonce="${nonce}">${o.css}</style>
</head>
<body>
<div id="root"${o.rootAttributes ? ` ${o.rootAttributes}` : ''}></div>
<script nonce="${nonce}" src="${o.script.toString()}"></script>
</body>
</html>`;
}
