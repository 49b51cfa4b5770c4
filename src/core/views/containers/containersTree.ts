// The Containers view as data: four groups (containers by compose project then standalone, images by
// repository, volumes, networks) built from Engine API list objects. The editor maps each node to a
// TreeItem one to one (src/vscode/trees/ContainersTreeProvider.ts); nothing here knows about vscode.
import type Dockerode from 'dockerode';
import type { ContainerStatsSample } from '../../clients/docker/containerStats.js';
import { containerIcon, formatAge, formatBytes, stateRank, type NodeIcon } from './containerFormat.js';

/** What the engine listed, as `GET /containers/json?all=1`, `/images/json`, `/volumes`, `/networks` return it. */
export interface DockerSnapshot {
  containers: Dockerode.ContainerInfo[];
  images: Dockerode.ImageInfo[];
  volumes: Dockerode.VolumeInspectInfo[];
  networks: Dockerode.NetworkInspectInfo[];
}

/** The label compose puts on every container of a project. */
export const COMPOSE_PROJECT_LABEL = 'com.docker.compose.project';
const COMPOSE_SERVICE_LABEL = 'com.docker.compose.service';

/** What a node stands for; actions read it (ids and refs, never display text). */
export type ContainersNodeData =
  | { kind: 'group'; group: 'containers' | 'images' | 'volumes' | 'networks' }
  | { kind: 'project'; project: string; containerIds: string[] }
  | { kind: 'container'; id: string; name: string; image: string; state: string }
  | { kind: 'repository'; repository: string }
  | { kind: 'image'; id: string; ref?: string; dangling: boolean }
  | { kind: 'volume'; name: string }
  | { kind: 'network'; id: string; name: string; builtIn: boolean }
  | { kind: 'message'; severity: 'info' | 'error' };

/** One row of the tree. `contextValue` drives menus (`ansflow.container.running`, `ansflow.image`…). */
export interface ContainersNode {
  /** Stable across refreshes, so the editor keeps expansion and selection. */
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  icon?: NodeIcon;
  contextValue: string;
  data: ContainersNodeData;
  /** Undefined for leaves; present (maybe empty) for expandable rows. */
  children?: ContainersNode[];
  expanded?: boolean;
}

/** Options of {@link buildContainersTree}. */
export interface BuildTreeOptions {
  now: number;
  /** Latest stats sample per container id (only for the containers being watched). */
  stats?: ReadonlyMap<string, ContainerStatsSample>;
}

/** Builds the four top-level groups. */
export function buildContainersTree(s: DockerSnapshot, o: BuildTreeOptions): ContainersNode[] {
  const running = s.containers.filter((c) => c.State === 'running').length;
  return [
    group('containers', 'Containers', `${running}/${s.containers.length} running`, 'vm', containerRows(s.containers, o), true),
    group('images', 'Images', `${s.images.length}`, 'file-binary', imageRows(s.images, o.now), false),
    group('volumes', 'Volumes', `${s.volumes.length}`, 'database', volumeRows(s.volumes), false),
    group('networks', 'Networks', `${s.networks.length}`, 'type-hierarchy', networkRows(s.networks), false),
  ];
}

function group(g: 'containers' | 'images' | 'volumes' | 'networks', label: string, description: string, codicon: string, children: ContainersNode[], expanded: boolean): ContainersNode {
  return { id: `group:${g}`, label, description, icon: { codicon }, contextValue: `ansflow.dockerGroup.${g}`, data: { kind: 'group', group: g }, children, expanded };
}

/** The name `docker ps` shows (the first name without its leading slash, else the short id). */
export function containerName(c: Pick<Dockerode.ContainerInfo, 'Names' | 'Id'>): string {
  return c.Names?.[0]?.replace(/^\//, '') || c.Id.slice(0, 12);
}

function byStateThenName(a: Dockerode.ContainerInfo, b: Dockerode.ContainerInfo): number {
  return stateRank(a.State) - stateRank(b.State) || containerName(a).localeCompare(containerName(b));
}

/** Compose projects first (one with a running container before idle ones, then by name), then standalone containers. */
export function containerRows(containers: Dockerode.ContainerInfo[], o: BuildTreeOptions): ContainersNode[] {
  const projects = new Map<string, Dockerode.ContainerInfo[]>();
  const standalone: Dockerode.ContainerInfo[] = [];
  for (const c of containers) {
    const p = c.Labels?.[COMPOSE_PROJECT_LABEL];
    if (p) projects.set(p, [...(projects.get(p) ?? []), c]);
    else standalone.push(c);
  }
  const projectRows = [...projects.entries()]
    .map(([name, members]) => {
      members.sort(byStateThenName);
      const up = members.filter((m) => m.State === 'running').length;
      return { name, up, node: {
        id: `project:${name}`,
        label: name,
        description: `${up}/${members.length} running`,
        tooltip: `Compose project ${name}`,
        icon: { codicon: 'layers', color: up === members.length ? 'charts.green' : up > 0 ? 'charts.yellow' : undefined },
        contextValue: 'ansflow.composeProject',
        data: { kind: 'project', project: name, containerIds: members.map((m) => m.Id) },
        children: members.map((m) => containerNode(m, o, true)),
        expanded: up > 0,
      } satisfies ContainersNode };
    })
    .sort((a, b) => Number(b.up > 0) - Number(a.up > 0) || a.name.localeCompare(b.name))
    .map((p) => p.node);
  standalone.sort(byStateThenName);
  return [...projectRows, ...standalone.map((c) => containerNode(c, o, false))];
}

function containerNode(c: Dockerode.ContainerInfo, o: BuildTreeOptions, inProject: boolean): ContainersNode {
  const name = containerName(c);
  const service = c.Labels?.[COMPOSE_SERVICE_LABEL];
  const sample = c.State === 'running' ? o.stats?.get(c.Id) : undefined;
  const parts = [c.Image.startsWith('sha256:') ? c.Image.slice(7, 19) : c.Image, c.Status];
  if (sample) parts.push(`CPU ${sample.cpuPercent.toFixed(1)}%`, `MEM ${formatBytes(sample.memoryBytes)}`);
  const ports = (c.Ports ?? [])
    .filter((p) => p.PublicPort)
    .map((p) => `${p.IP && p.IP !== '0.0.0.0' ? `${p.IP}:` : ''}${p.PublicPort}→${p.PrivatePort}/${p.Type}`);
  const tooltip = [
    `${name} (${c.Id.slice(0, 12)})`,
    `Image: ${c.Image}`,
    `State: ${c.State} — ${c.Status}`,
    inProject && service ? `Service: ${service}` : undefined,
    ports.length ? `Ports: ${[...new Set(ports)].join(', ')}` : undefined,
    `Command: ${c.Command}`,
  ].filter(Boolean).join('\n');
  return {
    id: `container:${c.Id}`,
    label: name,
    description: parts.join(' · '),
    tooltip,
    icon: containerIcon(c.State, c.Status),
    contextValue: `ansflow.container.${c.State}`,
    data: { kind: 'container', id: c.Id, name, image: c.Image, state: c.State },
  };
}

/**
 * True for an image without a tag (`<none>:<none>` on older engines, no tags on newer ones) — also one
 * that a repository digest still names: the engine's `dangling` filter, and so `image prune`, counts it.
 */
export function isDangling(img: Pick<Dockerode.ImageInfo, 'RepoTags'>): boolean {
  return !(img.RepoTags ?? []).some((t) => t !== '<none>:<none>');
}

/** Splits `registry:5000/name:tag` at the tag colon (a port colon stays in the repository). */
function splitTag(ref: string): [string, string] {
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  return colon > slash ? [ref.slice(0, colon), ref.slice(colon + 1)] : [ref, 'latest'];
}

/** Repositories by name, each with its tags (newest first); dangling images last under one `<none>` row, marked. */
export function imageRows(images: Dockerode.ImageInfo[], now: number): ContainersNode[] {
  const repos = new Map<string, ContainersNode[]>();
  const dangling: ContainersNode[] = [];
  const sorted = [...images].sort((a, b) => b.Created - a.Created);
  for (const img of sorted) {
    const size = formatBytes(img.Size);
    const age = formatAge(img.Created, now);
    const shortId = img.Id.replace(/^sha256:/, '').slice(0, 12);
    const digests = (img.RepoDigests ?? []).filter((d) => d !== '<none>@<none>');
    if (isDangling(img) && !digests.length) {
      dangling.push({
        id: `image:${img.Id}`,
        label: shortId,
        description: `dangling · ${size} · ${age}`,
        tooltip: `${img.Id}\nNo tag: \`docker image prune\` removes it.`,
        icon: { codicon: 'file-binary', color: 'disabledForeground' },
        contextValue: 'ansflow.image.dangling',
        data: { kind: 'image', id: img.Id, dangling: true },
      });
      continue;
    }
    const tags = (img.RepoTags ?? []).filter((t) => t !== '<none>:<none>');
    if (!tags.length) {
      // pulled by digest only: listed under its repository by digest, and marked, since prune removes it too
      for (const ref of digests) {
        const at = ref.indexOf('@');
        const repo = ref.slice(0, at);
        const rows = repos.get(repo) ?? [];
        rows.push({
          id: `image:${img.Id}:${ref}`,
          label: `@${ref.slice(at + 1).replace(/^sha256:/, '').slice(0, 12)}`,
          description: `dangling · by digest · ${size} · ${age}`,
          tooltip: `${ref}\n${img.Id}\nNo tag: named by its digest only; \`docker image prune\` removes it.`,
          icon: { codicon: 'tag', color: 'disabledForeground' },
          contextValue: 'ansflow.image.dangling',
          data: { kind: 'image', id: img.Id, ref, dangling: true },
        });
        repos.set(repo, rows);
      }
    }
    for (const ref of tags) {
      const [repo, tag] = splitTag(ref);
      const rows = repos.get(repo) ?? [];
      rows.push({
        id: `image:${img.Id}:${ref}`,
        label: tag,
        description: `${shortId} · ${size} · ${age}`,
        tooltip: `${ref}\n${img.Id}${img.Containers > 0 ? `\nUsed by ${img.Containers} container(s)` : ''}`,
        icon: { codicon: 'tag' },
        contextValue: 'ansflow.image',
        data: { kind: 'image', id: img.Id, ref, dangling: false },
      });
      repos.set(repo, rows);
    }
  }
  const rows: ContainersNode[] = [...repos.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([repo, tags]) => ({
      id: `repository:${repo}`,
      label: repo,
      description: tags.length === 1 ? '1 tag' : `${tags.length} tags`,
      icon: { codicon: 'package' },
      contextValue: 'ansflow.imageRepository',
      data: { kind: 'repository', repository: repo },
      children: tags,
      expanded: false,
    }));
  if (dangling.length) {
    rows.push({
      id: 'repository:<none>',
      label: '<none>',
      description: `${dangling.length} dangling`,
      icon: { codicon: 'package', color: 'disabledForeground' },
      contextValue: 'ansflow.imageRepository.dangling',
      data: { kind: 'repository', repository: '<none>' },
      children: dangling,
      expanded: false,
    });
  }
  return rows;
}

function volumeRows(volumes: Dockerode.VolumeInspectInfo[]): ContainersNode[] {
  return [...volumes]
    .sort((a, b) => a.Name.localeCompare(b.Name))
    .map((v) => {
      const project = v.Labels?.[COMPOSE_PROJECT_LABEL];
      return {
        id: `volume:${v.Name}`,
        // anonymous volumes have 64-hex names: shorten them like docker's UI does
        label: /^[0-9a-f]{64}$/.test(v.Name) ? v.Name.slice(0, 12) : v.Name,
        description: [v.Driver, project ? `compose ${project}` : undefined].filter(Boolean).join(' · '),
        tooltip: `${v.Name}\nMountpoint: ${v.Mountpoint}`,
        icon: { codicon: 'database' },
        contextValue: 'ansflow.volume',
        data: { kind: 'volume', name: v.Name },
      };
    });
}

/** Networks every engine creates; they cannot be removed. */
const BUILT_IN_NETWORKS = new Set(['bridge', 'host', 'none']);

function networkRows(networks: Dockerode.NetworkInspectInfo[]): ContainersNode[] {
  return [...networks]
    .sort((a, b) => Number(BUILT_IN_NETWORKS.has(b.Name)) - Number(BUILT_IN_NETWORKS.has(a.Name)) || a.Name.localeCompare(b.Name))
    .map((n) => {
      const builtIn = BUILT_IN_NETWORKS.has(n.Name);
      const subnet = n.IPAM?.Config?.map((c) => c.Subnet).filter(Boolean).join(', ');
      return {
        id: `network:${n.Id}`,
        label: n.Name,
        description: [n.Driver, n.Scope, n.Internal ? 'internal' : undefined, subnet || undefined].filter(Boolean).join(' · '),
        tooltip: `${n.Name} (${n.Id.slice(0, 12)})`,
        icon: { codicon: 'type-hierarchy', color: builtIn ? 'disabledForeground' : undefined },
        contextValue: builtIn ? 'ansflow.network.builtIn' : 'ansflow.network',
        data: { kind: 'network', id: n.Id, name: n.Name, builtIn },
      };
    });
}

/** A single row for the whole view when the engine is unreachable (the message and what to do). */
export function messageTree(message: string, hint: string | undefined, severity: 'info' | 'error'): ContainersNode[] {
  return [{ id: 'message', label: message, tooltip: hint ? `${message}\n${hint}` : message, description: hint, icon: { codicon: severity === 'error' ? 'warning' : 'info', color: severity === 'error' ? 'problemsWarningIcon.foreground' : undefined }, contextValue: 'ansflow.dockerMessage', data: { kind: 'message', severity } }];
}
