// Commands of the Ansible Inventories view: ping, ad-hoc module, playbook (and check mode) limited to
// a node, open definition, copy host pattern, the host-pattern picker, refresh. Each resolves its
// inputs and calls core (inventoryActions, the tree model) or the RunService; nothing runs untrusted.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { isPipelineFile, RUN_STORE_GLOB } from '../../core/pipeline/index.js';
import { formatAdhocResult, nodePlaybookPipeline, runNodeAdhoc } from '../../core/views/inventories/inventoryActions.js';
import type { InventoryRow, InventoryTreeModel } from '../../core/views/inventories/InventoryTreeModel.js';
import { isPlaybookText } from '../../core/views/inventories/playbookFiles.js';
import type { AnsflowContext } from '../AnsflowContext.js';
import type { RunService } from '../run/RunService.js';
import { ensureTrusted } from '../run/trust.js';
import type { InventoriesTreeProvider } from '../trees/InventoriesTreeProvider.js';

/** What the commands need. */
export interface InventoryCommandDeps {
  model: InventoryTreeModel;
  provider: InventoriesTreeProvider;
  view: vscode.TreeView<InventoryRow>;
  runs: RunService;
  reload: () => Promise<void>;
}

/** A node the actions take: a group or host row, or `{file, pattern}` from the pattern picker or a test. */
export interface PatternTarget {
  file: string;
  pattern: string;
}

/** Optional ad-hoc inputs (tests and keybindings pass them instead of answering the prompts). */
export interface AdhocInputs {
  module?: string;
  args?: string;
  check?: boolean;
}

const isTarget = (v: unknown): v is PatternTarget => !!v && typeof v === 'object' && typeof (v as PatternTarget).file === 'string' && typeof (v as PatternTarget).pattern === 'string';

const ansibleDir = (): string | undefined => vscode.workspace.getConfiguration('ansflow').get<string>('ansiblePath') || undefined;
const root = (): string | undefined => vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;

/** Registers the view's commands on the context. */
export function registerInventoryCommands(ctx: AnsflowContext, deps: InventoryCommandDeps): void {
  const { model } = deps;
  const output = ctx.register(vscode.window.createOutputChannel('AnsFlow: Ansible'));
  let lastModule = 'command';

  /** The target from a tree row or argument; otherwise asks for an inventory and a pattern. */
  const target = async (arg: unknown): Promise<PatternTarget | undefined> => {
    if (isTarget(arg)) return arg;
    const file = await pickInventory(model);
    if (!file) return undefined;
    const pattern = await vscode.window.showInputBox({ title: 'Host pattern', prompt: 'A host, a group or a pattern such as web:&staging:!web3', value: 'all', ignoreFocusOut: true });
    return pattern ? { file, pattern } : undefined;
  };

  const adhoc = async (t: PatternTarget, module: string, args: string | undefined, check: boolean): Promise<ReturnType<typeof formatAdhocResult> | undefined> => {
    if (!(await ensureTrusted('run Ansible'))) return undefined;
    const title = `ansible ${t.pattern} -m ${module}${check ? ' --check' : ''}`;
    const r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `AnsFlow: ${title}`, cancellable: true }, (_p, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return runNodeAdhoc({ inventory: t.file, pattern: t.pattern, module, moduleArgs: args, check, ansibleDir: ansibleDir(), cwd: root() }, abort.signal);
    });
    const f = formatAdhocResult(r);
    // The typed arguments are not echoed: they may hold a password given to a module.
    output.appendLine(`$ ${title} (${vscode.workspace.asRelativePath(t.file)})`);
    for (const l of f.lines) output.appendLine(l);
    output.appendLine(f.summary);
    const show = 'Show Output';
    const note = f.ok ? vscode.window.showInformationMessage(`AnsFlow: ${title} — ${f.summary}`, show) : vscode.window.showWarningMessage(`AnsFlow: ${title} — ${f.summary}`, show);
    void note.then((c) => c === show && output.show(true));
    return f;
  };

  ctx.registerCommand('refreshInventories', () => deps.reload());

  ctx.registerCommand('pingInventoryNode', async (arg?: unknown) => {
    const t = await target(arg);
    return t ? adhoc(t, 'ping', undefined, false) : undefined;
  });

  ctx.registerCommand('runAdhocOnInventoryNode', async (arg?: unknown, preset?: unknown) => {
    const t = await target(arg);
    if (!t) return undefined;
    const given = (preset ?? {}) as AdhocInputs;
    const module = given.module ?? (await vscode.window.showInputBox({ title: `Ad-hoc on ${t.pattern}: module`, prompt: 'Module name, e.g. command, shell, setup, ansible.builtin.service', value: lastModule, ignoreFocusOut: true }));
    if (!module) return undefined;
    lastModule = module;
    const args = given.args ?? (await vscode.window.showInputBox({ title: `Ad-hoc on ${t.pattern}: ${module} arguments`, prompt: 'Module arguments (-a), e.g. uptime or name=nginx state=started; empty for none', ignoreFocusOut: true }));
    if (args === undefined) return undefined;
    let check = given.check;
    if (check === undefined) {
      const mode = await vscode.window.showQuickPick(['Run', 'Check mode (--check: report, change nothing)'], { title: `ansible ${t.pattern} -m ${module}` });
      if (!mode) return undefined;
      check = mode !== 'Run';
    }
    return adhoc(t, module, args, check);
  });

  const playbook = async (arg: unknown, playbookArg: unknown, check: boolean): Promise<string | undefined> => {
    const t = await target(arg);
    if (!t) return undefined;
    if (!(await ensureTrusted(check ? 'check playbooks' : 'run playbooks'))) return undefined;
    const path = typeof playbookArg === 'string' ? playbookArg : await pickPlaybook();
    if (!path) return undefined;
    const dir = join((ctx.extension.storageUri ?? ctx.extension.globalStorageUri).fsPath, 'inventory-runs');
    mkdirSync(dir, { recursive: true });
    const slug = `${check ? 'check' : 'run'}-${t.pattern}`.replace(/[^\w.-]+/g, '_').slice(0, 60);
    const file = join(dir, `${slug}.ansflow.yaml`);
    const dirOfAnsible = ansibleDir();
    writeFileSync(file, nodePlaybookPipeline({ playbook: path, inventory: t.file, limit: t.pattern, check, ansiblePlaybook: dirOfAnsible ? join(dirOfAnsible, 'ansible-playbook') : undefined }));
    return deps.runs.start({ uri: vscode.Uri.file(file), trigger: 'inventories' });
  };
  ctx.registerCommand('runPlaybookOnInventoryNode', (arg?: unknown, path?: unknown) => playbook(arg, path, false));
  ctx.registerCommand('checkPlaybookOnInventoryNode', (arg?: unknown, path?: unknown) => playbook(arg, path, true));

  ctx.registerCommand('openInventoryDefinition', async (arg?: unknown) => {
    const at = arg && typeof arg === 'object' && 'kind' in arg ? model.definition(arg as InventoryRow) : undefined;
    if (!at) return;
    const pos = new vscode.Position(Math.max(0, at.line - 1), 0);
    await vscode.window.showTextDocument(vscode.Uri.file(at.file), { selection: new vscode.Range(pos, pos), preview: true });
  });

  ctx.registerCommand('copyHostPattern', async (arg?: unknown) => {
    if (!isTarget(arg)) return;
    await vscode.env.clipboard.writeText(arg.pattern);
    vscode.window.setStatusBarMessage(`Copied host pattern ${arg.pattern}`, 3000);
  });

  ctx.registerCommand('selectHostPattern', async (arg?: unknown, initial?: unknown) => {
    const file = isTarget(arg) ? arg.file : typeof arg === 'string' ? arg : await pickInventory(model);
    if (!file) return undefined;
    return pickHostPattern(model, file, typeof initial === 'string' ? initial : isTarget(arg) ? arg.pattern : '');
  });
}

async function pickInventory(model: InventoryTreeModel): Promise<string | undefined> {
  const files = model.roots().filter((r) => r.kind === 'file' && r.collapsible !== 'none');
  if (files.length === 0) {
    void vscode.window.showInformationMessage('AnsFlow: no Ansible inventory found in this workspace.');
    return undefined;
  }
  if (files.length === 1 && files[0].kind === 'file') return files[0].file;
  const pick = await vscode.window.showQuickPick(
    files.map((f) => ({ label: f.label, description: f.description, file: f.kind === 'file' ? f.file : '' })),
    { title: 'Inventory' },
  );
  return pick?.file;
}

async function pickPlaybook(): Promise<string | undefined> {
  const uris = await vscode.workspace.findFiles('**/*.{yml,yaml}', `{**/node_modules/**,**/.git/**,**/group_vars/**,**/host_vars/**,**/roles/**,${RUN_STORE_GLOB}}`, 2000);
  const playbooks: vscode.Uri[] = [];
  for (const u of uris) {
    if (isPipelineFile(u.fsPath)) continue;
    try {
      if (isPlaybookText(readFileSync(u.fsPath, 'utf8'))) playbooks.push(u);
    } catch {
      // unreadable: not offered
    }
  }
  if (!playbooks.length) {
    void vscode.window.showInformationMessage('AnsFlow: no playbook (a YAML list of plays with `hosts:`) found in this workspace.');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    playbooks.sort((a, b) => a.fsPath.localeCompare(b.fsPath)).map((u) => ({ label: vscode.workspace.asRelativePath(u), path: u.fsPath })),
    { title: 'Playbook' },
  );
  return pick?.path;
}

/** The live picker: the hosts a pattern selects update as it is typed; accepting copies the pattern. */
function pickHostPattern(model: InventoryTreeModel, file: string, initial: string): Promise<{ pattern: string; hosts: string[] } | undefined> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<vscode.QuickPickItem>();
    qp.title = `Host pattern on ${vscode.workspace.asRelativePath(file)}`;
    qp.placeholder = 'e.g. web:&staging:!web3, db[0:1], ~web\\d+ — the hosts it selects are listed below';
    qp.matchOnDescription = false;
    let hosts: string[] = [];
    const update = (): void => {
      const pattern = qp.value.trim() || 'all';
      const r = model.select(file, pattern);
      if ('error' in r) {
        hosts = [];
        qp.items = [{ label: '$(error) ' + r.error, alwaysShow: true }];
        return;
      }
      hosts = r.hosts;
      qp.items = r.hosts.length ? r.hosts.map((h) => ({ label: h, alwaysShow: true })) : [{ label: 'no host matches', alwaysShow: true }];
      qp.title = `${pattern} selects ${r.hosts.length} host${r.hosts.length === 1 ? '' : 's'}`;
    };
    let done = false;
    qp.onDidChangeValue(update);
    qp.onDidAccept(() => {
      done = true;
      const pattern = qp.value.trim() || 'all';
      void vscode.env.clipboard.writeText(pattern);
      vscode.window.setStatusBarMessage(`Copied host pattern ${pattern} (${hosts.length} hosts)`, 3000);
      qp.hide();
      resolve({ pattern, hosts });
    });
    qp.onDidHide(() => {
      qp.dispose();
      if (!done) resolve(undefined);
    });
    qp.value = initial;
    update();
    qp.show();
  });
}
