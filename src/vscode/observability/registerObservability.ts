// Registers the observability commands: the audit log, the cluster health summary and the Resources panel.
import type { AnsflowContext } from '../AnsflowContext.js';
import type { DockerSession } from '../docker/DockerSession.js';
import { registerResources } from './registerResources.js';
import { showAuditLog } from './showAuditLog.js';
import { showClusterHealth } from './showClusterHealth.js';

/** Registers the observability commands on `ctx`. */
export function registerObservability(ctx: AnsflowContext, docker: DockerSession): void {
  ctx.registerCommand('showAuditLog', (filter?: unknown) => showAuditLog(ctx.extension.extensionUri, typeof filter === 'string' ? filter : undefined));
  ctx.registerCommand('clusterHealth', (node?: unknown) => showClusterHealth(ctx, node));
  registerResources(ctx, docker);
}
