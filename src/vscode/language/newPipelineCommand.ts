// "AnsFlow: New Pipeline…": pick a template from the gallery (the extension's examples/*.ansflow.yaml),
// name the file, and open it. Without a workspace folder it opens an untitled pipeline instead.
import * as vscode from 'vscode';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isPipelineFile } from '../../core/pipeline/index.js';
import { buildGallery, EMPTY_PIPELINE_ENTRY, newPipelineFileName, type GalleryEntry } from '../../language/index.js';


/** Reads the gallery from the extension's examples folder. */
export function loadGallery(extensionPath: string): GalleryEntry[] {
  const dir = join(extensionPath, 'examples');
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  // examples/ also holds the files the examples use (playbooks, charts…): only pipelines are templates.
  const pipelines = names.filter(isPipelineFile);
  return buildGallery(pipelines.map((file) => ({ file, text: readFileSync(join(dir, file), 'utf8') })));
}

/**
 * Runs the command. `templateFile` and `target` skip the pickers (used by tests and by links that
 * name a template); returns the URI of the created document.
 */
export async function newPipelineFromTemplate(extensionPath: string, templateFile?: string, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const gallery = loadGallery(extensionPath);
  let entry: GalleryEntry | undefined = templateFile ? gallery.find((g) => g.file === templateFile) : undefined;
  if (!entry) {
    const empty = EMPTY_PIPELINE_ENTRY;
    const picked = await vscode.window.showQuickPick(
      [empty, ...gallery].map((g) => ({ label: g.label, description: g.description, detail: `${g.steps} step${g.steps === 1 ? '' : 's'} · ${g.file}`, entry: g })),
      { title: 'New Pipeline from Template', placeHolder: 'Choose a template', matchOnDescription: true, matchOnDetail: true },
    );
    if (!picked) return undefined;
    entry = picked.entry;
  }
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!target && !folder) {
    const doc = await vscode.workspace.openTextDocument({ language: 'ansflow-pipeline', content: entry.text });
    await vscode.window.showTextDocument(doc);
    return doc.uri;
  }
  let uri = target;
  if (!uri) {
    const exists = (name: string): boolean => {
      try {
        readFileSync(join(folder!.uri.fsPath, name));
        return true;
      } catch {
        return false;
      }
    };
    const name = await vscode.window.showInputBox({
      title: 'New Pipeline',
      prompt: 'File name (relative to the workspace folder)',
      value: newPipelineFileName(entry.file, exists),
      validateInput: (v) =>
        !isPipelineFile(v) ? 'Pipeline files end in .ansflow.yaml (or live in a .ansflow/ folder)' : exists(v) ? `${v} already exists` : undefined,
    });
    if (!name) return undefined;
    uri = vscode.Uri.joinPath(folder!.uri, name);
  }
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(entry.text));
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  return uri;
}
