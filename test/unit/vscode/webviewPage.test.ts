// The page shell of every webview: its CSP lets only this page's nonce run scripts and styles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { webviewPage } from '../../../src/vscode/webviewPage.js';

const webview = { cspSource: 'https://file+.vscode-resource.test' } as vscode.Webview;
const uri = (s: string) => ({ toString: () => s }) as vscode.Uri;

test('(unit) webview page: strict CSP, one fresh nonce on the script and the style, extra directives appended', () => {
  const html = webviewPage(webview, { title: 'T', css: 'body{}', script: uri('https://x/app.js'), rootAttributes: 'data-worker="w.js"', extraCsp: ['worker-src blob:'] });
  const csp = /content="([^"]+)"/.exec(html)![1]!;
  const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
  assert.match(csp, /^default-src 'none'; /);
  assert.match(csp, new RegExp(`script-src 'nonce-${nonce.replace(/[+/=]/g, '\\$&')}'(;|$)`));
  assert.ok(!/unsafe-(inline|eval)/.test(csp), csp);
  assert.ok(csp.endsWith('; worker-src blob:'), csp);
  assert.ok(html.includes(`<script nonce="${nonce}" src="https://x/app.js"></script>`));
  assert.ok(html.includes(`<style nonce="${nonce}">body{}</style>`));
  assert.ok(html.includes('<div id="root" data-worker="w.js"></div>'));
  const again = /'nonce-([^']+)'/.exec(webviewPage(webview, { title: 'T', css: '', script: uri('a') }))![1];
  assert.notEqual(again, nonce, 'a fresh nonce per page');
});
