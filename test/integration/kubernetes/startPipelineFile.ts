// Starts a pipeline written by a Kubernetes integration test the way the CLI would (a file in the workspace,
// parsed, run by the real runner) and collects its log as `[step] text` lines plus one line per step that did
// not succeed, so a failing assertion shows what ran.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePipeline } from '../../../src/core/pipeline/index.js';
import { runPipeline } from '../../../src/core/runner/index.js';

export function startPipelineFile(dir: string, fileName: string, text: string, params?: Record<string, unknown>) {
  const file = join(dir, fileName);
  writeFileSync(file, text);
  const parsed = parsePipeline(text, { file });
  assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`), []);
  const logs: string[] = [];
  const handle = runPipeline(parsed, { workspace: dir, ...(params ? { params } : {}), trigger: 'test' });
  handle.onEvent((e) => {
    if (e.type === 'step-log') logs.push(`[${e.step}] ${e.text}`);
    if (e.type === 'step-end' && e.status !== 'success') logs.push(`[${e.step}] END ${e.status} ${e.reason ?? ''}`);
  });
  return { done: handle.done, logs };
}
