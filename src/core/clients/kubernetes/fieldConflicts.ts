// Server-side apply conflicts: the apiserver answers 409 with one cause per field another manager
// owns ("conflict with \"kubectl-client-side-apply\" using apps/v1: .spec.replicas"). The editor
// shows these before offering to force, so nobody takes fields over blind.
import type { KubeObject } from './types.js';

/** One field owned by another manager. */
export interface FieldConflict {
  manager: string;
  field: string;
}

/** Reads the conflicts out of a 409 message (empty when it is not a field-manager conflict). */
export function parseFieldConflicts(message: string): FieldConflict[] {
  const out: FieldConflict[] = [];
  for (const m of message.matchAll(/conflicts? with "([^"]+)"(?: using [^:\s]+)?:\s*(\S+)/g)) out.push({ manager: m[1]!, field: m[2]! });
  // Several conflicts come as a list: "conflicts with \"m\":\n- .a\n- .b"
  for (const block of message.matchAll(/conflicts? with "([^"]+)"(?: using [^:\s]+)?:\s*\n((?:\s*- \S+\n?)+)/g)) {
    for (const f of block[2]!.matchAll(/- (\S+)/g)) out.push({ manager: block[1]!, field: f[1]! });
  }
  return out.filter((c, i) => out.findIndex((d) => d.manager === c.manager && d.field === c.field) === i && c.field !== '-');
}

/** What to send when a live object was edited as YAML: no status and none of the server's bookkeeping. */
export function toApplyObject(edited: KubeObject): KubeObject {
  const { managedFields: _m, resourceVersion: _r, generation: _g, uid: _u, creationTimestamp: _c, selfLink: _s, ...metadata } = edited.metadata;
  const { status: _st, ...rest } = edited;
  return { ...rest, metadata: metadata as KubeObject['metadata'] };
}
