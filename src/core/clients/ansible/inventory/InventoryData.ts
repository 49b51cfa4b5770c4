// Mirrors Ansible's in-memory inventory (lib/ansible/inventory/data.py, group.py, host.py):
// insertion-ordered groups and hosts, `all`/`ungrouped` reconciliation, group depth and priority,
// so that the JSON and graph views match `ansible-inventory --list` / `--graph` exactly.
import type { JsonValue } from './pythonLiteral.js';

/** Variables of a host or group. */
export type Vars = Record<string, JsonValue>;

/** One inventory group. See {@link InventoryData}. */
export class InventoryGroup {
  readonly hosts: InventoryHost[] = [];
  readonly children: InventoryGroup[] = [];
  readonly parents: InventoryGroup[] = [];
  // No prototype: `__proto__`, `constructor` and `toString` are ordinary variable names here.
  readonly vars: Vars = Object.create(null) as Vars;
  depth = 0;
  priority = 1;
  /** Memo of ancestors(), valid while `ancestorsVersion` equals the owner's edge version. */
  private memo?: Set<InventoryGroup>;
  private memoVersion = -1;
  constructor(
    readonly name: string,
    private readonly version: { edges: number } = { edges: 0 },
  ) {}

  /** Every group above this one. */
  ancestors(): Set<InventoryGroup> {
    if (this.memo && this.memoVersion === this.version.edges) return this.memo;
    const out = new Set<InventoryGroup>();
    const walk = (g: InventoryGroup): void => {
      for (const p of g.parents) {
        if (!out.has(p)) {
          out.add(p);
          walk(p);
        }
      }
    };
    walk(this);
    this.memo = out;
    this.memoVersion = this.version.edges;
    return out;
  }

  /** Sets a variable the way Group.set_variable does (`ansible_group_priority` is not a variable). */
  setVariable(key: string, value: JsonValue): void {
    if (key === 'ansible_group_priority') this.priority = Math.trunc(Number(value));
    else this.vars[key] = value;
  }
}

/** One inventory host. See {@link InventoryData}. */
export class InventoryHost {
  readonly groups: InventoryGroup[] = [];
  // No prototype: `__proto__`, `constructor` and `toString` are ordinary variable names here.
  readonly vars: Vars = Object.create(null) as Vars;
  constructor(readonly name: string) {}
}

/** The inventory being built by a parser; `reconcile()` then finishes it like Ansible does. */
export class InventoryData {
  readonly groups = new Map<string, InventoryGroup>();
  readonly hosts = new Map<string, InventoryHost>();
  /** Bumped on every parent/child edge so cached ancestor sets are recomputed. */
  private readonly version = { edges: 0 };

  constructor() {
    this.addGroup('all');
    this.addGroup('ungrouped');
    this.addChild('all', 'ungrouped');
  }

  /** Adds a group if new and returns it. */
  addGroup(name: string): InventoryGroup {
    let g = this.groups.get(name);
    if (!g) {
      g = new InventoryGroup(name, this.version);
      this.groups.set(name, g);
    }
    return g;
  }

  /** Adds a host (a port only counts the first time the host is seen, as in Ansible) and puts it in `group`. */
  addHost(name: string, group?: string, port?: number): InventoryHost {
    let h = this.hosts.get(name);
    if (!h) {
      h = new InventoryHost(name);
      // Ansible tests `if port:` — `host:0` sets no port.
      if (port) h.vars.ansible_port = port;
      this.hosts.set(name, h);
    }
    if (group) {
      const g = this.addGroup(group);
      if (!g.hosts.includes(h)) {
        g.hosts.push(h);
        h.groups.push(g);
      }
    }
    return h;
  }

  /** Makes `child` a sub-group of `parent`; throws on a cycle. */
  addChild(parent: string, child: string): void {
    const p = this.addGroup(parent);
    const c = this.addGroup(child);
    if (p === c || p.ancestors().has(c)) throw new Error(`Adding group '${child}' as child to '${parent}' creates a recursive dependency loop.`);
    if (!p.children.includes(c)) p.children.push(c);
    if (!c.parents.includes(p)) c.parents.push(p);
    this.version.edges++;
    this.updateDepth(c, p.depth + 1);
  }

  private updateDepth(g: InventoryGroup, depth: number): void {
    if (depth <= g.depth) return;
    g.depth = depth;
    for (const k of g.children) this.updateDepth(k, depth + 1);
  }

  /** Finishes the inventory: orphan groups under `all`, group-less hosts in `ungrouped`. */
  reconcile(): void {
    const all = this.groups.get('all')!;
    const ungrouped = this.groups.get('ungrouped')!;
    for (const g of this.groups.values()) {
      if (g.name !== 'all' && g.ancestors().size === 0) this.addChild('all', g.name);
    }
    for (const h of this.hosts.values()) {
      const mine = this.hostGroups(h);
      if (mine.has(ungrouped)) {
        if ([...mine].some((g) => g !== all && g !== ungrouped)) {
          ungrouped.hosts.splice(ungrouped.hosts.indexOf(h), 1);
          h.groups.splice(h.groups.indexOf(ungrouped), 1);
        }
      } else if (mine.size === 0 || (mine.size === 1 && mine.has(all))) {
        // Ansible's add_child looks for a group of that name first: a group-named host listed only
        // in `all` makes that group a child of `ungrouped`.
        if (this.groups.has(h.name)) this.addChild('ungrouped', h.name);
        else this.addHost(h.name, 'ungrouped');
      }
    }
  }

  /** A host's groups with all their ancestors. */
  hostGroups(h: InventoryHost): Set<InventoryGroup> {
    const out = new Set<InventoryGroup>();
    for (const g of h.groups) {
      out.add(g);
      for (const a of g.ancestors()) out.add(a);
    }
    return out;
  }

  /**
   * Sets a variable the way InventoryData.set_variable does for a host line: when a group of that name
   * exists the variable goes to the group, otherwise to the host.
   */
  setHostLineVariable(host: InventoryHost, key: string, value: JsonValue): void {
    const g = this.groups.get(host.name);
    if (g) g.setVariable(key, value);
    else host.vars[key] = value;
  }

  /** Groups sorted like Ansible's `sort_groups`: by depth, priority, then name. */
  sortedGroups(h: InventoryHost): InventoryGroup[] {
    return [...this.hostGroups(h)].sort((a, b) => a.depth - b.depth || a.priority - b.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}
