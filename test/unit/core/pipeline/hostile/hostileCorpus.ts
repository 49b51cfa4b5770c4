// A corpus of hostile pipeline files (aliases, size, depth, garbage, bad encodings), generated on
// demand so the repository does not carry megabytes of junk. Each entry names what it attacks.

/** One hostile input: `bytes` is the file content. */
export interface HostileCase {
  name: string;
  bytes: Buffer;
}

const HEAD = 'version: 1\nsteps:\n  a:\n    type: shell\n    with:\n      run: echo\n';

/** `lines` nested alias lines of width 9 in a step's `args` (the billion-laughs shape). */
export function aliasBomb(lines = 7): string {
  const out = [HEAD + '      args:', '        - &a0 [x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < lines; i++) out.push(`        - &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]`);
  return out.join('\n') + '\n';
}

/** The same bomb built from merge keys (`<<:`) instead of sequences. */
export function mergeBomb(lines = 7): string {
  const out = ['version: 1', 'x0: &m0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9}'];
  for (let i = 1; i < lines; i++) out.push(`x${i}: &m${i} {${Array.from({ length: 9 }, (_, k) => `k${k}: *m${i - 1}`).join(', ')}}`);
  out.push('steps:', '  a:', '    type: shell', '    with:', '      run: echo', `      env: *m${lines - 1}`);
  return out.join('\n') + '\n';
}

/** An anchor whose alias sits inside the anchored node itself. */
export function cyclicAlias(): string {
  return HEAD + '      args: &c [a, [b, *c], *c]\n';
}

/** A valid-looking pipeline of roughly `bytes` size with many steps. */
export function hugePipeline(bytes: number): string {
  const parts = ['version: 1\nsteps:\n'];
  let size = parts[0]!.length;
  for (let i = 0; size < bytes; i++) {
    const s = `  s${i}:\n    type: shell\n    with:\n      run: echo step ${i} ${'x'.repeat(60)}\n`;
    parts.push(s);
    size += s.length;
  }
  return parts.join('');
}

/** `n` steps, each as small as possible. */
export function manySteps(n: number): string {
  const parts = ['version: 1\nsteps:\n'];
  for (let i = 0; i < n; i++) parts.push(`  s${i}: {type: shell, with: {run: x}}\n`);
  return parts.join('');
}

/** Flow collections nested `depth` deep inside a step's args. */
export function deepFlow(depth: number): string {
  return `${HEAD}      args: ${'['.repeat(depth)}x${']'.repeat(depth)}\n`;
}

/** Compact block sequences (`- - - x`) nested `depth` deep. */
export function deepBlock(depth: number): string {
  return `${HEAD}      args:\n        ${'- '.repeat(depth)}x\n`;
}

/** Indented block mappings nested `depth` deep. */
export function deepIndent(depth: number): string {
  const lines = [HEAD.trimEnd(), '      env:'];
  for (let i = 0; i < depth; i++) lines.push(`${' '.repeat(8 + i)}k${i}:`);
  lines.push(`${' '.repeat(8 + depth)}v`);
  return lines.join('\n') + '\n';
}

/** A mapping `width` keys wide whose every value is wrong (one schema error per key). */
export function wideBadEnv(width: number): string {
  const lines = ['version: 1', 'env:'];
  for (let i = 0; i < width; i++) lines.push(`  K${i}: [x]`);
  lines.push('steps:', '  a: {type: shell, with: {run: x}}');
  return lines.join('\n') + '\n';
}

/** Deterministic pseudo-random bytes (no dependence on Math.random, so failures reproduce). */
export function garbage(size: number, seed = 1): Buffer {
  const b = Buffer.alloc(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    b[i] = x >> 16;
  }
  return b;
}

/** One long token that is not valid YAML structure, repeated on a single line. */
export function longToken(size: number): string {
  return `version: 1\nsteps:\n  ${'z'.repeat(size)}\n`;
}

/** A step id of `length` characters. */
export function longId(length: number): string {
  return `version: 1\nsteps:\n  ${'i'.repeat(length)}:\n    type: shell\n    with:\n      run: echo hi\n`;
}

/** Valid YAML with invalid UTF-8 at a known byte offset (returned with the bytes). */
export function invalidUtf8(): { bytes: Buffer; badByte: number } {
  const before = Buffer.from('version: 1\nsteps:\n  a:\n    type: shell\n    with:\n      run: echo é');
  const bytes = Buffer.concat([before, Buffer.from([0xff, 0xfe]), Buffer.from(' x\n')]);
  return { bytes, badByte: before.length };
}

/** Every hostile case at full strength (the memory-bound test runs each in a child process). */
export function hostileCorpus(): HostileCase[] {
  const t = (name: string, s: string): HostileCase => ({ name, bytes: Buffer.from(s) });
  return [
    t('alias-bomb', aliasBomb(7)),
    t('alias-bomb-9', aliasBomb(9)),
    t('merge-bomb', mergeBomb(7)),
    t('cyclic-alias', cyclicAlias()),
    t('huge-9mb', hugePipeline(9 * 1024 * 1024)),
    t('huge-50mb', hugePipeline(50 * 1024 * 1024)),
    t('many-steps', manySteps(60_000)),
    t('deep-flow', deepFlow(200_000)),
    t('deep-block', deepBlock(200_000)),
    t('deep-indent', deepIndent(3000)),
    t('wide-bad-env', wideBadEnv(50_000)),
    { name: 'garbage-1mb', bytes: garbage(1024 * 1024) },
    t('long-token', longToken(1024 * 1024)),
    t('long-id', longId(300)),
    { name: 'invalid-utf8', bytes: invalidUtf8().bytes },
  ];
}
