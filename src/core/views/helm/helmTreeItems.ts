// How each Helm tree row looks: label, description, tooltip, icon and colour, context value. Plain
// data (codicon and theme-colour ids) so the editor glue only copies fields onto a TreeItem.
import { chartLabel, type HelmRelease, type HelmReleaseStatus } from '../../clients/helm/index.js';
import type { HelmTreeNode } from './helmTreeNodes.js';

/** What a tree row shows; ids are stable so expansion and selection survive refreshes. */
export interface HelmTreeItemData {
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  /** Codicon id, e.g. `pass`. */
  icon: string;
  /** Theme colour id, e.g. `testing.iconPassed`. */
  color?: string;
  collapsible: 'none' | 'collapsed' | 'expanded';
  /** For `when` clauses of menus: `ansflow.helm.<kind>[.latest]`. */
  contextValue: string;
}

/** Icon and colour for a release status: green deployed, red failed, spinning blue while pending, grey for history. */
export function statusStyle(status: HelmReleaseStatus | string): { icon: string; color?: string } {
  switch (status) {
    case 'deployed':
      return { icon: 'pass', color: 'testing.iconPassed' };
    case 'failed':
      return { icon: 'error', color: 'testing.iconFailed' };
    case 'pending-install':
    case 'pending-upgrade':
    case 'pending-rollback':
      return { icon: 'sync~spin', color: 'charts.blue' };
    case 'uninstalling':
      return { icon: 'trash', color: 'charts.orange' };
    case 'superseded':
      return { icon: 'history', color: 'disabledForeground' };
    case 'uninstalled':
      return { icon: 'circle-slash', color: 'disabledForeground' };
    default:
      return { icon: 'question', color: 'charts.yellow' };
  }
}

/** "5m ago"-style age of an ISO time; '' when unknown or unparsable. */
export function formatAge(iso: string | undefined, now: number): string {
  const t = iso ? Date.parse(iso) : NaN;
  if (Number.isNaN(t)) return '';
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86_400)}d ago`;
}

function releaseTooltip(r: HelmRelease, extra: string[] = []): string {
  return [
    `${r.name} (namespace ${r.namespace}) — revision ${r.revision}`,
    `status: ${r.status}`,
    `chart: ${chartLabel(r)}`,
    r.appVersion ? `app version: ${r.appVersion}` : '',
    r.lastDeployed ? `updated: ${r.lastDeployed}` : '',
    r.firstDeployed && r.firstDeployed !== r.lastDeployed ? `first deployed: ${r.firstDeployed}` : '',
    r.description ? `description: ${r.description}` : '',
    `stored as a ${r.storage === 'secret' ? 'Secret' : 'ConfigMap'}`,
    ...extra,
  ]
    .filter(Boolean)
    .join('\n');
}

/** The row for a node; `now` (ms) makes ages testable. */
export function helmTreeItem(node: HelmTreeNode, now: number): HelmTreeItemData {
  switch (node.kind) {
    case 'context':
      return {
        id: `helm:${node.context}`,
        label: node.context,
        description: node.selected ? `selected · ${node.namespace}` : undefined,
        tooltip: `Kubernetes context ${node.context}${node.selected ? `\nselected (namespace ${node.namespace})` : ''}`,
        icon: node.selected ? 'vm-active' : 'vm',
        collapsible: node.selected ? 'expanded' : 'collapsed',
        contextValue: node.selected ? 'ansflow.helm.context.selected' : 'ansflow.helm.context',
      };
    case 'namespace':
      return {
        id: `helm:${node.context}/${node.namespace}`,
        label: node.namespace,
        description: `${node.releases} release${node.releases === 1 ? '' : 's'}`,
        tooltip: `Namespace ${node.namespace} in ${node.context}`,
        icon: 'symbol-namespace',
        collapsible: node.selected ? 'expanded' : 'collapsed',
        contextValue: 'ansflow.helm.namespace',
      };
    case 'release': {
      const r = node.latest;
      const style = statusStyle(r.status);
      return {
        id: `helm:${node.context}/${node.namespace}/${node.name}`,
        label: node.name,
        description: [r.status, chartLabel(r), r.appVersion ? `app ${r.appVersion}` : '', `rev ${r.revision}`, formatAge(r.lastDeployed, now)].filter(Boolean).join(' · '),
        tooltip: releaseTooltip(r, [`${node.revisions} revision${node.revisions === 1 ? '' : 's'} stored`]),
        ...style,
        collapsible: 'collapsed',
        contextValue: 'ansflow.helm.release',
      };
    }
    case 'revision': {
      const r = node.release;
      const style = statusStyle(r.status);
      return {
        id: `helm:${node.context}/${node.namespace}/${node.name}#${r.revision}`,
        label: `Revision ${r.revision}`,
        description: [r.status, chartLabel(r), r.appVersion ? `app ${r.appVersion}` : '', formatAge(r.lastDeployed, now), r.description].filter(Boolean).join(' · '),
        tooltip: releaseTooltip(r),
        ...style,
        collapsible: 'none',
        contextValue: node.latest ? 'ansflow.helm.revision.latest' : 'ansflow.helm.revision',
      };
    }
    case 'message':
      return {
        id: `helm:${node.context ?? ''}!${node.text}`,
        label: node.text,
        tooltip: node.hint ? `${node.text}\n${node.hint}` : node.text,
        description: node.hint,
        icon: node.severity === 'error' ? 'warning' : 'info',
        color: node.severity === 'error' ? 'problemsWarningIcon.foreground' : undefined,
        collapsible: 'none',
        contextValue: 'ansflow.helm.message',
      };
  }
}
