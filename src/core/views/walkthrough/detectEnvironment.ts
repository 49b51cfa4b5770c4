// What the walkthrough's "connect a cluster" step reports: where AnsFlow found Kubernetes contexts,
// which Docker engine it would talk to, and which Ansible config and inventories apply. Reading only:
// nothing here contacts a cluster or an engine, so the report is instant and safe in any workspace.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { kubeconfigFiles, loadRawKubeconfig } from '../../clients/kubernetes/loadKubeconfig.js';
import { resolveDockerConnection } from '../../clients/docker/dockerConnection.js';
import { describeDockerConnection, listDockerContexts } from '../../clients/docker/dockerContexts.js';
import { ansibleCfgInventories } from '../inventories/discoverInventories.js';

export interface EnvironmentInput {
  env?: Record<string, string | undefined>;
  home?: string;
  /** The first workspace folder, where Ansible looks for `ansible.cfg` second. */
  workspaceRoot?: string;
}

export interface EnvironmentReport {
  kubernetes: { source: 'KUBECONFIG' | 'default'; files: string[]; contexts: string[]; current?: string; error?: string };
  docker: { endpoint?: string; contexts: string[]; error?: string };
  ansible: { config?: string; inventories: string[] };
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The `ansible.cfg` Ansible would use: ANSIBLE_CONFIG, ./ansible.cfg, ~/.ansible.cfg, /etc/ansible/ansible.cfg. */
export function ansibleConfigPath(env: Record<string, string | undefined>, home: string, root?: string): string | undefined {
  const candidates = [env.ANSIBLE_CONFIG, root && join(root, 'ansible.cfg'), join(home, '.ansible.cfg'), '/etc/ansible/ansible.cfg'];
  return candidates.find((p): p is string => !!p && existsSync(p));
}

export function detectEnvironment(input: EnvironmentInput = {}): EnvironmentReport {
  const env = input.env ?? process.env;
  const home = input.home ?? env.HOME ?? homedir();
  const kubernetes: EnvironmentReport['kubernetes'] = { source: env.KUBECONFIG ? 'KUBECONFIG' : 'default', files: kubeconfigFiles({ ...env, HOME: home }), contexts: [] };
  try {
    const { raw } = loadRawKubeconfig({ env: { ...env, HOME: home } });
    kubernetes.contexts = raw.contexts.map((c) => c.name);
    kubernetes.current = raw['current-context'] || undefined;
  } catch (e) {
    kubernetes.error = message(e);
  }
  const docker: EnvironmentReport['docker'] = { contexts: [] };
  try {
    docker.endpoint = describeDockerConnection(resolveDockerConnection({ env, home }));
    docker.contexts = listDockerContexts({ env, home }).map((c) => c.name);
  } catch (e) {
    docker.error = message(e);
  }
  const config = ansibleConfigPath(env, home, input.workspaceRoot);
  let inventories: string[] = [];
  if (config) {
    try {
      inventories = ansibleCfgInventories(readFileSync(config, 'utf8'));
    } catch {
      // unreadable config: reported as found, with no inventory sources
    }
  }
  return { kubernetes, docker, ansible: { config, inventories } };
}

/** The report as plain lines, one fact each, with what to do when something is missing. */
export function formatEnvironmentReport(r: EnvironmentReport): string[] {
  const k = r.kubernetes;
  const lines = [`Kubernetes (${k.source === 'KUBECONFIG' ? 'KUBECONFIG' : 'default ~/.kube/config'}): ${k.files.join(', ') || 'no file listed'}`];
  if (k.error) lines.push(`  cannot read: ${k.error}`);
  else if (k.contexts.length === 0) lines.push('  no contexts: set KUBECONFIG or create ~/.kube/config, then refresh the Clusters view.');
  else lines.push(`  ${k.contexts.length} context(s): ${k.contexts.join(', ')}${k.current ? ` (current: ${k.current})` : ''}`);
  const d = r.docker;
  if (d.error) lines.push(`Docker: ${d.error}`);
  else lines.push(`Docker: ${d.endpoint}; contexts: ${d.contexts.join(', ')}`);
  const a = r.ansible;
  if (!a.config) lines.push('Ansible: no ansible.cfg (ANSIBLE_CONFIG, workspace, ~/.ansible.cfg, /etc/ansible); inventories are found by file name.');
  else lines.push(`Ansible: ${a.config}; inventory sources: ${a.inventories.join(', ') || 'none named'}`);
  return lines;
}
