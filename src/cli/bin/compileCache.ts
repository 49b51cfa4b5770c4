// Runs the CLI bundle (dist/cli-main.js) from a V8 code cache. Compiling the 6.8 MB bundle is most of
// the CLI's start-up (bench/README.md, "overhead" rounds 2–3); Node 20 has no module.enableCompileCache,
// so the entry keeps the cached data itself. Only node: builtins here: this file is the small `bin`.
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
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
 * the bundle's path, size, mtime and inode change with every rebuild or reinstall. `family` names
 * what the file caches ('' for the main bundle, `lazy-<name>-` for a lazy one), so a new build of one
 * replaces its own old entry and leaves the others.
 */
export function compileCacheFile(bundle: string, dir: string, family = ''): string {
  const st = statSync(bundle);
  const key = [bundle, st.size, st.mtimeMs, st.ino, process.version, process.arch, process.versions.v8, process.execArgv.join(' ')].join('\0');
  return join(dir, `${PREFIX}${family}${createHash('sha256').update(key).digest('hex').slice(0, 32)}.bin`);
}

// Same line as the bundle's first, so stack traces keep the bundle's line numbers (and its source map).
const WRAP_HEAD = '(function (exports, require, module, __filename, __dirname) { ';
const WRAP_TAIL = '\n})';

type Outcome = 'off' | 'miss' | 'hit' | 'rejected' | 'error';
type Say = (line: string) => void;

/** At most this many commands are noted per cache file: a start with a word never seen before rewrites the file once. */
const MAX_COMMANDS = 64;

/**
 * The command a start runs, its first argument that is not an option ('-' for none): which functions a
 * start compiles depends on it (`run` compiles the runner, `--version` hardly anything).
 */
export function commandOf(argv: readonly string[]): string {
  const word = argv.slice(2).find((a) => !a.startsWith('-'));
  if (word === undefined) return '-';
  return /^[a-z0-9-]{1,32}$/.test(word) ? word : '?';
}

/** The commands whose compiled functions the cache file holds, from the list kept beside it. */
function notedCommands(cacheFile: string): string[] {
  try {
    return readFileSync(`${cacheFile}.commands`, 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

/**
 * `source` wrapped as a CommonJS module and compiled, from the cache folder's data when it has this
 * build's (`dir` undefined: no cache). The data is written at exit, when it also holds the functions
 * this start compiled lazily, so the next start skips them too: on a miss, and on a hit by a command
 * the file has not seen yet (the data then holds what the file had and what this command added), so
 * a first `ansflow --version` after an install does not leave `run` compiling the runner on every start.
 */
function compileCached(file: string, source: string, dir: string | undefined, family: string, say: Say, command = '-'): Script {
  let cacheFile: string | undefined;
  let cached: Buffer | undefined;
  let outcome: Outcome = 'off';
  if (dir !== undefined) {
    try {
      cacheFile = compileCacheFile(file, dir, family);
      cached = readFileSync(cacheFile);
      outcome = 'hit';
    } catch {
      outcome = cacheFile ? 'miss' : 'error';
    }
  }
  let script: Script;
  try {
    script = new Script(WRAP_HEAD + source + WRAP_TAIL, { filename: file, cachedData: cached });
    // `false` only when V8 took the data: what the diagnostic line reports as a hit.
    if (cached) outcome = script.cachedDataRejected === false ? 'hit' : 'rejected';
  } catch {
    // A cache that trips the compiler (it should not) is dropped: the source alone decides the outcome.
    outcome = 'error';
    script = new Script(WRAP_HEAD + source + WRAP_TAIL, { filename: file });
  }
  say(`${family}${outcome}${cacheFile ? ` ${cacheFile}` : ''}`);
  const noted = cacheFile && outcome === 'hit' ? notedCommands(cacheFile) : [];
  const grows = outcome === 'hit' && !noted.includes(command) && noted.length < MAX_COMMANDS;
  if (cacheFile && ((outcome !== 'hit' && outcome !== 'off') || grows)) {
    const target = cacheFile;
    const commands = grows ? [...noted, command] : [command];
    process.once('exit', () => {
      try {
        save(target, script.createCachedData(), family, commands);
        say(`${family}wrote ${target}`);
      } catch {
        // Never fail the CLI because of its cache: the next start compiles as before.
      }
    });
  }
  return script;
}

/** Runs a compiled module wrapper as `mod`, the way Node runs a required file. */
function runModule(script: Script, mod: NodeJS.Module, file: string, req: NodeJS.Require): void {
  const fn = script.runInThisContext() as (e: unknown, r: NodeJS.Require, m: NodeJS.Module, f: string, d: string) => void;
  fn.call(mod.exports, mod.exports, req, mod, file, dirname(file));
}

/**
 * The lazy bundles beside the bundle (lazy/*.js: the validator, Ajv, the cluster and Docker clients,
 * required at their first use) compile through the cache too, each with an entry of its own: the
 * pipeline validator alone is half a megabyte that every validate, plan and run compiled again.
 */
function cacheLazyBundles(lazyDir: string, dir: string, say: Say, command: string): void {
  const extensions = (Module as unknown as { _extensions: Record<string, (mod: NodeJS.Module, file: string) => void> })._extensions;
  const plain = extensions['.js']!;
  extensions['.js'] = function (this: unknown, mod: NodeJS.Module, file: string): void {
    if (dirname(file) !== lazyDir) return plain.call(this, mod, file);
    const script = compileCached(file, readFileSync(file, 'utf8'), dir, `lazy-${basename(file, '.js')}-`, say, command);
    runModule(script, mod, file, createRequire(file));
  };
}

/** Loads and runs `bundle` as the main CommonJS module, from the code cache when it can. */
export function runBundle(bundle: string, env: NodeJS.ProcessEnv = process.env): void {
  const say: Say = env.ANSFLOW_COMPILE_CACHE_DEBUG ? (line) => process.stderr.write(`ansflow compile cache: ${line}\n`) : () => undefined;
  // Node 20 maps stack traces of required files only, not of vm scripts: with source maps on, the
  // bundle loads the plain way so internal errors still point into src/.
  if ((process as { sourceMapsEnabled?: boolean }).sourceMapsEnabled) {
    say('off (source maps)');
    createRequire(bundle)(bundle);
    return;
  }
  let dir: string | undefined;
  if (env.ANSFLOW_NO_COMPILE_CACHE !== '1') {
    try {
      dir = compileCacheDirectory(env);
    } catch {
      dir = undefined;
    }
  }
  const command = commandOf(process.argv);
  const script = compileCached(bundle, readFileSync(bundle, 'utf8'), dir, '', say, command);
  if (dir !== undefined) cacheLazyBundles(join(dirname(bundle), 'lazy'), dir, say, command);
  const mod = new Module(bundle, undefined);
  mod.filename = bundle;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(bundle));
  mod.loaded = true;
  const req = createRequire(bundle);
  (req as { main?: NodeJS.Module }).main = mod;
  runModule(script, mod, bundle, req);
}

/**
 * Temp file + rename: a reader never sees half a cache; 0600: the data is the user's own. The list of
 * commands goes after the data: a start that reads a list newer than its data only rewrites it once more.
 */
function save(file: string, data: Buffer, family: string, commands: readonly string[]): void {
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
  const listTmp = `${file}.commands.${process.pid}.tmp`;
  writeFileSync(listTmp, `${commands.join('\n')}\n`, { mode: 0o600 });
  renameSync(listTmp, `${file}.commands`);
  // Older builds' entries of the same bundle (and their command lists) are dead weight once a new one lands.
  const ofFamily = new RegExp(`^${PREFIX}${family.replace(/[^A-Za-z0-9-]/g, '\\$&')}[0-9a-f]{32}\\.bin(\\.commands)?$`);
  for (const name of readdirSync(dir)) {
    if (ofFamily.test(name) && name !== basename(file) && name !== `${basename(file)}.commands`) {
      try {
        unlinkSync(join(dir, name));
      } catch {
        // Another CLI may be removing it at the same moment.
      }
    }
  }
}
