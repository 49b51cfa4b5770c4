// Graphviz dot and Mermaid text of the graph editor's model, so `ansflow graph` draws exactly the graph
// the editor shows (same node set, matrix counts, jobs as boxes, finally section and cycle edges).
import type { GraphGroup, GraphModel, GraphNode } from './graphModel.js';

function dotEscape(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

function dotString(s: string): string {
  return `"${dotEscape(s)}"`;
}

function kindOf(n: GraphNode): string {
  return `${n.type ?? '?'}${n.matrix ? ` ×${n.matrix.count}` : ''}`;
}

function dotNode(n: GraphNode, indent: string): string {
  // The label's line break is dot's own `\n` escape, added after escaping the name and kind.
  const label = `"${dotEscape(n.name)}\\n${dotEscape(kindOf(n))}"`;
  return `${indent}${dotString(n.id)} [label=${label}${n.section === 'finally' ? ', style="rounded,dashed"' : ''}];`;
}

function groupLabel(g: GraphGroup): string {
  return `${g.label}${g.matrix ? ` ×${g.matrix.count}` : ''}`;
}

/** Steps outside jobs, then each job's steps (a job's steps listed in its group, in written order). */
function stepSections(model: GraphModel): { loose: GraphNode[]; jobs: Array<{ group: GraphGroup; nodes: GraphNode[] }> } {
  const steps = model.nodes.filter((n) => n.section === 'steps');
  const groups = model.groups ?? [];
  const inGroup = new Set(groups.flatMap((g) => g.steps));
  const byId = new Map(steps.map((n) => [n.id, n]));
  return {
    loose: steps.filter((n) => !inGroup.has(n.id)),
    jobs: groups.map((group) => ({ group, nodes: group.steps.map((id) => byId.get(id)).filter((n): n is GraphNode => !!n) })),
  };
}

/** Graphviz dot: jobs as labelled clusters, finally steps in a dashed `finally` cluster, cycle edges red. */
export function graphModelToDot(model: GraphModel): string {
  const lines = [`digraph ${dotString(model.name ?? 'pipeline')} {`, '  rankdir=LR;', '  node [shape=box, style=rounded];'];
  const { loose, jobs } = stepSections(model);
  for (const n of loose) lines.push(dotNode(n, '  '));
  jobs.forEach(({ group, nodes }, i) => {
    // Numbered cluster names: a job name may hold characters a dot id would need quoted differently.
    lines.push(`  subgraph "cluster_job_${i}" {`, `    label=${dotString(groupLabel(group))};`);
    for (const n of nodes) lines.push(dotNode(n, '    '));
    lines.push('  }');
  });
  const fin = model.nodes.filter((n) => n.section === 'finally');
  if (fin.length) {
    // A `cluster_` prefix is what makes Graphviz draw the subgraph as a box.
    lines.push('  subgraph "cluster_finally" {', '    label="finally";', '    style=dashed;');
    for (const n of fin) lines.push(dotNode(n, '    '));
    lines.push('  }');
  }
  for (const e of model.edges) lines.push(`  ${dotString(e.from)} -> ${dotString(e.to)}${e.onCycle ? ' [color=red]' : ''};`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** Mermaid ids allow only a small alphabet; the prefix also keeps step ids clear of keywords such as `end`. */
function mermaidId(id: string): string {
  return `s_${id.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

function mermaidNode(n: GraphNode, indent: string): string {
  const label = `${n.name}<br/><small>${kindOf(n)}</small>`.replace(/"/g, '#quot;');
  return n.section === 'finally' ? `${indent}${mermaidId(n.id)}(["${label}"])` : `${indent}${mermaidId(n.id)}["${label}"]`;
}

/** Mermaid flowchart: jobs and finally steps in subgraphs, cycle edges red (labels keep the real ids). */
export function graphModelToMermaid(model: GraphModel): string {
  const lines = ['flowchart LR'];
  const { loose, jobs } = stepSections(model);
  for (const n of loose) lines.push(mermaidNode(n, '  '));
  jobs.forEach(({ group, nodes }, i) => {
    lines.push(`  subgraph job_${i} ["${groupLabel(group).replace(/"/g, '#quot;')}"]`);
    for (const n of nodes) lines.push(mermaidNode(n, '    '));
    lines.push('  end');
  });
  const fin = model.nodes.filter((n) => n.section === 'finally');
  if (fin.length) {
    lines.push('  subgraph finally_section [finally]');
    for (const n of fin) lines.push(mermaidNode(n, '    '));
    lines.push('  end');
  }
  model.edges.forEach((e) => lines.push(`  ${mermaidId(e.from)} --> ${mermaidId(e.to)}`));
  // linkStyle addresses edges by their position in declaration order.
  model.edges.forEach((e, i) => {
    if (e.onCycle) lines.push(`  linkStyle ${i} stroke:red`);
  });
  return `${lines.join('\n')}\n`;
}
