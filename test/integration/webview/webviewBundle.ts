// Builds webview entry points as the extension's build does (browser IIFE, Preact JSX) into a fresh
// temporary folder, and reads what a page posted, for the headless-Chromium webview tests.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import type { Page } from 'playwright-core';

/** The folder holding `<name>.js` for each of `entryPoints` (name → source file). */
export async function buildWebviewBundle(entryPoints: Record<string, string>, prefix = 'ansflow-webview-'): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), prefix));
  await esbuild.build({ entryPoints, outdir: out, bundle: true, platform: 'browser', format: 'iife', target: 'es2022', jsx: 'automatic', jsxImportSource: 'preact', logLevel: 'error' });
  return out;
}

/** The graph editor's page and its layout worker. */
export const GRAPH_ENTRIES = { graph: 'webview/graph/main.tsx', 'graph-layout': 'webview/graph-layout/main.tsx' };

/** The messages of `type` the page posted (the recording `acquireVsCodeApi` keeps them in `window.__sent`), once there are `count`. */
export async function sentOfType(p: Page, type: string, count = 1): Promise<Array<Record<string, unknown>>> {
  await p.waitForFunction(([t, n]) => (window as unknown as { __sent: Array<{ type: string }> }).__sent.filter((m) => m.type === t).length >= (n as number), [type, count] as const);
  return (await p.evaluate(() => (window as unknown as { __sent: Array<Record<string, unknown>> }).__sent)).filter((m) => m.type === type);
}
