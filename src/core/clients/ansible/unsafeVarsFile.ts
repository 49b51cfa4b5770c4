// Extra vars handed to Ansible in a file (`-e @file`) instead of on the command line: the file is
// 0600 in a fresh 0700 folder inside the run's folder (values never show in `ps`, and a killed run
// leaves it to the next run's cleanup), and text that must reach a module as it is carries
// Ansible's `!unsafe` tag, so Ansible's own Jinja templating never evaluates it (a value
// `{{ lookup('pipe', …) }}` stays that text). Source of truth for the tag: Ansible's
// "Unsafe or raw strings" (playbooks_advanced_syntax).
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makePrivateTempDir } from '../../runner/runFolder.js';
import { Document, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';

/** Text that Ansible must never template: written with the `!unsafe` tag. */
export class UnsafeText {
  constructor(readonly text: string) {}
}

function toNode(doc: Document, v: unknown): Node {
  if (v instanceof UnsafeText) {
    const s = new Scalar(v.text);
    s.tag = '!unsafe';
    s.type = 'QUOTE_DOUBLE';
    return s;
  }
  if (Array.isArray(v)) {
    const seq = new YAMLSeq();
    for (const x of v) seq.items.push(toNode(doc, x));
    return seq;
  }
  if (v && typeof v === 'object') {
    const map = new YAMLMap();
    for (const [k, x] of Object.entries(v)) map.set(doc.createNode(k), toNode(doc, x));
    return map;
  }
  return doc.createNode(v ?? null) as Node;
}

/** The YAML text of an extra-vars file; {@link UnsafeText} leaves are tagged `!unsafe`. */
export function getUnsafeVarsYaml(vars: Record<string, unknown>): string {
  // Ansible reads YAML 1.1 (PyYAML), where a bare `yes`, `on` or `n` is a boolean: written as 1.1, such strings are quoted.
  const doc = new Document(undefined, { version: '1.1' });
  doc.contents = toNode(doc, vars) as YAMLMap;
  return doc.toString({ lineWidth: 0 });
}

/**
 * Runs `fn` with an extra-vars file holding `vars` (see {@link getUnsafeVarsYaml}), removed
 * afterwards even when `fn` throws.
 */
export async function withUnsafeVarsFile<T>(vars: Record<string, unknown>, fn: (path: string) => Promise<T>): Promise<T> {
  const dir = makePrivateTempDir('ansflow-vars-');
  const file = join(dir, 'extra-vars.yml');
  try {
    writeFileSync(file, getUnsafeVarsYaml(vars), { mode: 0o600 });
    chmodSync(file, 0o600);
    return await fn(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
