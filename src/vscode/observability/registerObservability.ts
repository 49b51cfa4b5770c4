// Registers the observability commands: the audit log and the cluster health summary.
import type { AnsflowContext } from '../AnsflowContext.js';
import { showAuditLog } from './showAuditLog.js';
import { showClusterHealth } from './showClusterHealth.js';

/** Registers the observability commands on `ctx`. */
export function registerObservability(ctx: AnsflowContext): void {
  ctx.registerCommand('showAuditLog', (filter?: unknown) => showAuditLog(typeof filter === 'string' ? filter : undefined));
  ctx.registerCommand('clusterHealth', (node?: unknown) => showClusterHealth(ctx, node));
}
