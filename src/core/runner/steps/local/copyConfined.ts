// Copies a file or folder for `file` steps without ever writing through a symbolic link: every file and
// folder created is checked against the step's confinement first, and files are created exclusively so a
// link planted at the destination (even a dangling one) makes the copy fail instead of being followed.
import { constants, copyFileSync, lstatSync, mkdirSync, readdirSync, readlinkSync, statSync, symlinkSync, unlinkSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { ToolError } from '../../../contracts/result.js';
import { confine, type Confinement } from './confinePath.js';

function lstatOrUndefined(p: string): Stats | undefined {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
}

/**
 * Copies `src` (already confined for reading; a link there is followed once) to `dest`: a folder merges
 * into an existing folder, links inside a copied folder are copied as links (never read through).
 * `label` names the destination in messages, e.g. `dest 'out/'`.
 */
export function copyConfined(c: Confinement, src: string, dest: string, overwrite: boolean, label: string): void {
  if (statSync(src).isDirectory()) copyDir(c, src, dest, overwrite, label);
  else copyFile(c, src, dest, overwrite, label);
}

function copyDir(c: Confinement, src: string, dest: string, overwrite: boolean, label: string): void {
  confine(c, dest, 'write', label);
  const existing = lstatOrUndefined(dest);
  if (!existing) mkdirSync(dest);
  else if (!existing.isDirectory()) throw new ToolError('conflict', `${label}: cannot copy a folder onto the file '${dest}'`);
  for (const e of readdirSync(src, { withFileTypes: true })) {
    const [from, to] = [join(src, e.name), join(dest, e.name)];
    if (e.isDirectory()) copyDir(c, from, to, overwrite, label);
    else if (e.isFile()) copyFile(c, from, to, overwrite, label);
    else if (e.isSymbolicLink()) copyLink(c, from, to, overwrite, label);
    // Sockets, FIFOs and devices are not copied.
  }
}

/** Makes room for a new entry at `dest`: refuses folders and, without `overwrite`, anything there. */
function clear(dest: string, overwrite: boolean, label: string): void {
  const existing = lstatOrUndefined(dest);
  if (!existing) return;
  if (existing.isDirectory()) throw new ToolError('conflict', `${label}: cannot replace the folder '${dest}' with a file`);
  if (!overwrite) throw new ToolError('conflict', `${label}: '${dest}' exists`, 'Set overwrite: true to replace it.');
  // Replacing (not rewriting in place) also keeps a hard link to a file elsewhere from being written through.
  unlinkSync(dest);
}

function copyFile(c: Confinement, src: string, dest: string, overwrite: boolean, label: string): void {
  confine(c, dest, 'write', label);
  clear(dest, overwrite, label);
  copyFileSync(src, dest, c.on ? constants.COPYFILE_EXCL : 0);
}

function copyLink(c: Confinement, src: string, dest: string, overwrite: boolean, label: string): void {
  confine(c, dest, 'write', label);
  clear(dest, overwrite, label);
  symlinkSync(readlinkSync(src), dest);
}
