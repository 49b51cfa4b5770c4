// Runs the CLI bundle (dist/cli-main.js) from a V8 code cache. Compiling the 6.8 MB bundle is most of
// the CLI's start-up (bench/README.md, "overhead" rounds 2–3); Node 20 has no module.enableCompileCache,
// so the entry keeps the cached data itself. Only node: builtins here: this file is the small `bin`.
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { Script } from 'node:vm';

const PREFIX = 'cli-v8-';

/** Where the cached data lives, beside the dependency cache (see runner/cache/dependencyCache.ts). */
export function compileCacheDirectory(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'ansflow', 'cache', 'compile');
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'ansflow', 'compile');
  return join(env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : join(home, '.cache'), 'ansflow', 'compile');
}

/**
 * The cache file for one bundle build and one Node: V8 rejects data from another V8 or flag set, and
 * the bundle's path, size, mtime and inode change with every rebuild or reinstall.
 */
export function compileCacheFile(bundle: string, dir: string): string {
  const st = statSync(bundle);
  const key = [bundle, st.size, st.mtimeMs, st.ino, process.version, process.arch, process.versions.v8, process.execArgv.join(' ')].join('\0');
  return join(dir, `${PREFIX}${createHash('sha256').update(key).digest('hex').slice(0, 32)}.bin`);
}

// Same line as the bundle's first, so stack traces keep the bundle's line numbers (and its source map).
const WRAP_HEAD = '(function (exports, require, module, __filename, __dirname) { ';
const WRAP_TAIL = '\n})';

type Outcome = 'off' | 'miss' | 'hit' | 'rejected' | 'error';

/** Loads and runs `bundle` as the main CommonJS module, from the code cache when it can. */
export function runBundle(bundle: string, env: NodeJS.ProcessEnv = process.env): void {
  const say = env.ANSFLOW_COMPILE_CACHE_DEBUG ? (line: string) => process.stderr.write(`ansflow compile cache: ${line}\n`) : () => undefined;
  // Node 20 maps stack traces of required files only, not of vm scripts: with source maps on, the
  // bundle loads the plain way so internal errors still point into src/.
  if ((process as { sourceMapsEnabled?: boolean }).sourceMapsEnabled) {
    say('off (source maps)');
    createRequire(bundle)(bundle);
    return;
  }
  const source = readFileSync(bundle, 'utf8');
  let file: string | undefined;
  let cached: Buffer | undefined;
  let outcome: Outcome = 'off';
  if (env.ANSFLOW_NO_COMPILE_CACHE !== '1') {
    try {
      file = compileCacheFile(bundle, compileCacheDirectory(env));
      cached = readFileSync(file);
      outcome = 'hit';
    } catch {
      outcome = file ? 'miss' : 'error';
    }
  }
  let script: Script;
  try {
    script = new Script(WRAP_HEAD + source + WRAP_TAIL, { filename: bundle, cachedData: cached });
    // `false` only when V8 took the data: what the diagnostic line reports as a hit.
    if (cached) outcome = script.cachedDataRejected === false ? 'hit' : 'rejected';
  } catch {
    // A cache that trips the compiler (it should not) is dropped: the bundle alone decides the outcome.
    outcome = 'error';
    script = new Script(WRAP_HEAD + source + WRAP_TAIL, { filename: bundle });
  }
  say(`${outcome}${file ? ` ${file}` : ''}`);
  if (file && outcome !== 'hit' && outcome !== 'off') {
    const target = file;
    // At exit the data also holds the functions this run compiled lazily, so the next start skips them too.
    process.once('exit', () => {
      try {
        save(target, script.createCachedData());
        say(`wrote ${target}`);
      } catch {
        // Never fail the CLI because of its cache: the next start compiles as before.
      }
    });
  }
  const mod = new Module(bundle, undefined);
  mod.filename = bundle;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(bundle));
  mod.loaded = true;
  const req = createRequire(bundle);
  (req as { main?: NodeJS.Module }).main = mod;
  const fn = script.runInThisContext() as (e: unknown, r: NodeJS.Require, m: NodeJS.Module, f: string, d: string) => void;
  fn.call(mod.exports, mod.exports, req, mod, bundle, dirname(bundle));
}

/** Temp file + rename: a reader never sees half a cache; 0600: the data is the user's own. */
function save(file: string, data: Buffer): void {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  // Older builds' entries are dead weight once a new one lands.
  for (const name of readdirSync(dir)) {
    if (name.startsWith(PREFIX) && name !== basename(file) && name.endsWith('.bin')) {
      try {
        unlinkSync(join(dir, name));
      } catch {
        // Another CLI may be removing it at the same moment.
      }
    }
  }
}
