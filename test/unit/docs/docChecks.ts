// Checks a Markdown page against the repository: links and images point at files that exist (and anchors
// at headings that exist), `ansflow.*` ids are contributed, and `ansflow <command> --option` lines name
// real CLI commands and options. Pure over texts and lookups, so a test can feed it a broken page.
import { dirname, join, normalize } from 'node:path';

/** What a page may refer to. */
export interface DocWorld {
  /** True when the repository path (relative to the root, `/` separated) is a file or folder. */
  exists(path: string): boolean;
  /** The text of a Markdown file in the repository, for its headings; undefined when unreadable. */
  markdown(path: string): string | undefined;
  /** Contributed ids a page may name: commands, settings, views, custom editors, walkthroughs. */
  ids: ReadonlySet<string>;
  /** CLI command name → the options it accepts (`--name` and `-x` spellings). */
  cli: ReadonlyMap<string, ReadonlySet<string>>;
}

export interface DocProblem {
  file: string;
  line: number;
  message: string;
}

interface Piece {
  text: string;
  line: number;
  code: boolean;
}

/** Splits a page into prose and code (fenced blocks and inline spans), keeping line numbers. */
export function pieces(text: string): Piece[] {
  const out: Piece[] = [];
  const lines = text.split('\n');
  let fence: string | undefined;
  lines.forEach((line, i) => {
    const n = i + 1;
    const marker = /^\s*(```+|~~~+)/.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      else out.push({ text: line, line: n, code: true });
      return;
    }
    if (marker) {
      fence = marker;
      return;
    }
    let prose = '';
    for (const part of line.split(/(`+[^`]*`+)/)) {
      if (/^`+[^`]*`+$/.test(part)) {
        out.push({ text: part.replace(/^`+|`+$/g, ''), line: n, code: true });
        prose += ' ';
      } else prose += part;
    }
    out.push({ text: prose, line: n, code: false });
  });
  return out;
}

/** GitHub's anchor for a heading text. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]*>/g, '')
    .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Every anchor a page offers: its headings (duplicates numbered as GitHub does). */
export function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  let fence = false;
  for (const line of text.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    const h = fence ? undefined : /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line)?.[1];
    if (!h) continue;
    const base = slug(h);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n ? `${base}-${n}` : base);
  }
  return out;
}

const LINK = /!?\[(?:[^\]]|\][^(])*?\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)|<img\s[^>]*src="([^"]+)"/g;
// `ansflow.x` ids; a dot, slash, star or word before it makes it part of a file name (`*.ansflow.yaml`).
// Not a label key under the ansflow.dev domain (`ansflow.dev/services`): those are no contributions.
const ID = /(?<![\w./*-])ansflow\.[A-Za-z][\w.]*[A-Za-z0-9](?![\w.]*\/)/g;
const FILE_NAME = /\.(ya?ml|json|vsix|js|mjs|ts|md|png|svg)$/;
// The CLI as a newcomer types it, or as the repository runs it from source.
const CLI = /(?<![\w./-])(?:ansflow|dist\/cli\.js)[ \t]+([a-z_][\w-]*)([^|;&>]*)/g;
const GLOBAL_OPTIONS = new Set(['--help', '-h', '--debug']);

/** Problems of one page; `file` is its repository path. */
export function checkPage(file: string, text: string, world: DocWorld): DocProblem[] {
  const problems: DocProblem[] = [];
  const say = (line: number, message: string) => problems.push({ file, line, message });
  for (const p of pieces(text)) {
    if (!p.code) {
      for (const m of p.text.matchAll(LINK)) checkLink(file, text, (m[1] ?? m[2])!, p.line, world, say);
    }
    for (const m of p.text.matchAll(ID)) {
      const id = m[0];
      if (!world.ids.has(id) && !FILE_NAME.test(id)) say(p.line, `'${id}' is not a contributed command, setting, view or walkthrough`);
    }
    if (!p.code) continue;
    for (const m of p.text.matchAll(CLI)) {
      const [, name, rest] = m as unknown as [string, string, string];
      if (name === 'help') continue;
      const options = world.cli.get(name);
      if (!options) {
        say(p.line, `'ansflow ${name}' is not a CLI command (${[...world.cli.keys()].join(', ')})`);
        continue;
      }
      for (const o of rest.matchAll(/(?<=^|\s)(--?[A-Za-z][\w-]*)/g)) {
        const flag = o[1]!.split('=')[0]!;
        if (!options.has(flag) && !GLOBAL_OPTIONS.has(flag)) say(p.line, `'ansflow ${name}' has no option '${flag}'`);
      }
    }
  }
  return problems;
}

function checkLink(file: string, text: string, target: string, line: number, world: DocWorld, say: (line: number, message: string) => void): void {
  if (/^[a-z][\w+.-]*:/i.test(target)) {
    const command = /^command:([\w.]+)/.exec(target)?.[1];
    if (command?.startsWith('ansflow.') && !world.ids.has(command)) say(line, `link to unknown command '${command}'`);
    return;
  }
  const [pathPart, anchor] = target.split('#') as [string, string | undefined];
  const path = pathPart ? normalize(join(dirname(file), decodeURIComponent(pathPart))).replace(/\\/g, '/') : file;
  if (path.startsWith('..')) return say(line, `link '${target}' leaves the repository`);
  if (pathPart && !world.exists(path)) return say(line, `link '${target}' points at ${path}, which does not exist`);
  if (anchor === undefined || !path.endsWith('.md')) return;
  const targetText = pathPart ? world.markdown(path) : text;
  if (targetText === undefined || !anchors(targetText).has(anchor)) say(line, `link '${target}': ${path} has no heading with the anchor #${anchor}`);
}
