// What a prune would remove, worked out from the lists before asking, so the confirmation can name
// the objects and the space. The rules follow the engine's prune handlers (daemon/prune.go in moby):
// containers — every one not running (paused and restarting count as running); images — dangling ones
// no container uses; volumes — unused ones (API < 1.42: all local; 1.42+: anonymous only); networks —
// user-defined ones no running container is attached to.
import type Dockerode from 'dockerode';
import { containerName, isDangling, type DockerSnapshot } from './containersTree.js';
import { formatBytes } from './containerFormat.js';

/** The four prune commands of the view. */
export type PruneKind = 'containers' | 'images' | 'volumes' | 'networks';

/** One object a prune would remove. */
export interface PruneItem {
  id: string;
  label: string;
  bytes?: number;
}

/** What {@link planPrune} expects to be removed; the engine decides at the moment it runs. */
export interface PrunePlan {
  kind: PruneKind;
  items: PruneItem[];
  /** Sum of the known sizes (images may share layers: the engine may free less). */
  bytes: number;
}

/** Extra facts some kinds need: sizes from `GET /system/df`, the volumes in use, the API version. */
export interface PruneFacts {
  /** `SizeRw` per container id. */
  containerSizes?: ReadonlyMap<string, number>;
  /** `UsageData` per volume name (RefCount 0 = unused). */
  volumeUsage?: ReadonlyMap<string, { Size: number; RefCount: number }>;
  apiVersion?: string;
}

const STOPPED = new Set(['exited', 'created', 'dead']);
const BUILT_IN = new Set(['bridge', 'host', 'none']);

function apiAtLeast(v: string | undefined, major: number, minor: number): boolean {
  const m = /^(\d+)\.(\d+)/.exec(v ?? '');
  return !!m && (Number(m[1]) > major || (Number(m[1]) === major && Number(m[2]) >= minor));
}

/** The plan for one kind, from a snapshot of the lists. */
export function planPrune(kind: PruneKind, s: DockerSnapshot, facts: PruneFacts = {}): PrunePlan {
  let items: PruneItem[] = [];
  switch (kind) {
    case 'containers':
      items = s.containers.filter((c) => STOPPED.has(c.State)).map((c) => ({ id: c.Id, label: containerName(c), bytes: facts.containerSizes?.get(c.Id) }));
      break;
    case 'images': {
      const used = new Set(s.containers.map((c) => c.ImageID));
      items = s.images.filter((i) => isDangling(i) && !used.has(i.Id)).map((i) => ({ id: i.Id, label: i.Id.replace(/^sha256:/, '').slice(0, 12), bytes: i.Size }));
      break;
    }
    case 'volumes': {
      const mounted = new Set(s.containers.flatMap((c) => (c.Mounts ?? []).filter((m) => m.Type === 'volume' && m.Name).map((m) => m.Name!)));
      const anonymousOnly = apiAtLeast(facts.apiVersion, 1, 42);
      items = s.volumes
        .filter((v) => v.Driver === 'local' && !mounted.has(v.Name) && (facts.volumeUsage?.get(v.Name)?.RefCount ?? 0) === 0)
        .filter((v) => !anonymousOnly || v.Labels?.['com.docker.volume.anonymous'] !== undefined)
        .map((v) => ({ id: v.Name, label: v.Name, bytes: nonNegative(facts.volumeUsage?.get(v.Name)?.Size) }));
      break;
    }
    case 'networks': {
      const attached = new Set(s.containers.filter((c) => c.State === 'running' || c.State === 'paused' || c.State === 'restarting').flatMap((c) => Object.values(c.NetworkSettings?.Networks ?? {}).map((n) => n.NetworkID)));
      items = s.networks.filter((n) => !BUILT_IN.has(n.Name) && !n.Ingress && !attached.has(n.Id)).map((n) => ({ id: n.Id, label: n.Name }));
      break;
    }
  }
  items.sort((a, b) => a.label.localeCompare(b.label));
  return { kind, items, bytes: items.reduce((sum, i) => sum + (i.bytes ?? 0), 0) };
}

/** `-1` means "not computed" in `/system/df`. */
function nonNegative(n: number | undefined): number | undefined {
  return n === undefined || n < 0 ? undefined : n;
}

/** The confirmation text: a one-line question and a detail naming up to `max` objects and the space. */
export function describePrunePlan(plan: PrunePlan, max = 12): { message: string; detail: string } {
  const n = plan.items.length;
  const noun = { containers: ['stopped container', 'stopped containers'], images: ['dangling image', 'dangling images'], volumes: ['unused volume', 'unused volumes'], networks: ['unused network', 'unused networks'] }[plan.kind];
  if (!n) return { message: `Nothing to prune: no ${noun[1]}.`, detail: '' };
  const shown = plan.items.slice(0, max).map((i) => `• ${i.label}${i.bytes ? ` (${formatBytes(i.bytes)})` : ''}`);
  if (n > max) shown.push(`…and ${n - max} more`);
  const space = plan.kind === 'networks' ? '' : plan.kind === 'images' ? `\n\nUp to ${formatBytes(plan.bytes)} will be freed (layers shared with other images stay).` : `\n\n${formatBytes(plan.bytes)} will be freed.`;
  return { message: `Remove ${n} ${n === 1 ? noun[0] : noun[1]}?`, detail: `${shown.join('\n')}${space}\nThis cannot be undone.` };
}

/** The engine's prune answer in one line: how many objects went and the space it reports. */
export function summarizePruneResult(kind: PruneKind, r: Dockerode.PruneContainersInfo | Dockerode.PruneImagesInfo | Dockerode.PruneVolumesInfo | Dockerode.PruneNetworksInfo): string {
  let count = 0;
  if ('ContainersDeleted' in r) count = (r.ContainersDeleted ?? []).length;
  else if ('ImagesDeleted' in r) count = (r.ImagesDeleted ?? []).filter((d) => d.Deleted).length;
  else if ('VolumesDeleted' in r) count = (r.VolumesDeleted ?? []).length;
  else if ('NetworksDeleted' in r) count = (r.NetworksDeleted ?? []).length;
  const space = 'SpaceReclaimed' in r && typeof r.SpaceReclaimed === 'number' ? `, ${formatBytes(r.SpaceReclaimed)} freed` : '';
  return `Pruned ${count} ${count === 1 ? kind.slice(0, -1) : kind}${space}.`;
}
