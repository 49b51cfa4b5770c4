// `ansflow cache list|clear [prefix]`: the dependency cache folder (`cache: {key, paths}` steps)
// as the runner finds it: $ANSFLOW_CACHE_DIR, else the per-user default.
import { defineCommand, usageError } from '../command/index.js';
import { table } from '../output/table.js';
import { dependencyCacheFor } from '../../core/runner/cache/withDependencyCache.js';

const ACTIONS = ['list', 'clear'] as const;

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Lists or clears dependency cache entries. */
export const cacheCommand = defineCommand({
  name: 'cache',
  summary: 'List or clear the dependency cache (entries saved by steps with cache: {key, paths})',
  description: 'Reads $ANSFLOW_CACHE_DIR, else the per-user cache folder (~/.cache/ansflow/deps on Linux; see docs/pipeline-format.md, Dependency cache). `clear` takes an optional key prefix.',
  args: [
    { name: 'action', help: ACTIONS.join(' or ') },
    { name: 'prefix', help: 'only entries whose key starts with this text', optional: true },
  ],
  options: {},
  format: { choices: ['text', 'json'] },
  examples: [
    { command: 'ansflow cache list', about: 'entries, most recently used first' },
    { command: 'ansflow cache clear npm-', about: 'remove the entries whose key starts with npm-' },
  ],
  exitCodes: { 0: 'listed or cleared (also when there is nothing)', 2: 'usage error, or an action other than list or clear' },
  async run({ args, format }, io) {
    if (!(ACTIONS as readonly string[]).includes(args.action)) return usageError(`unknown action '${args.action.slice(0, 40)}'; expected ${ACTIONS.join(' or ')}`);
    const cache = dependencyCacheFor(io.env);
    const prefix = args.prefix ?? '';
    if (args.action === 'clear') {
      const removed = cache.clear(prefix);
      if (format === 'json') io.stdout.write(`${JSON.stringify({ directory: cache.dir, removed })}\n`);
      else io.stdout.write(`Removed ${removed} entr${removed === 1 ? 'y' : 'ies'} from ${cache.dir}.\n`);
      return 0;
    }
    const entries = cache.list().filter((e) => e.key.startsWith(prefix));
    if (format === 'json') {
      io.stdout.write(`${JSON.stringify({ directory: cache.dir, entries })}\n`);
      return 0;
    }
    if (!entries.length) {
      io.stdout.write(`No cache entries${prefix ? ` starting with '${prefix}'` : ''} in ${cache.dir}.\n`);
      return 0;
    }
    const rows = entries.map((e) => [e.key, size(e.size), String(e.files), new Date(e.lastUsed).toISOString().replace(/\.\d+Z$/, 'Z')]);
    const head = ['KEY', 'SIZE', 'FILES', 'LAST USED (UTC)'];
    io.stdout.write(`${table(head, rows)}${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}, ${size(entries.reduce((s, e) => s + e.size, 0))} in ${cache.dir}\n`);
    return 0;
  },
});
