// Appends audit records as JSON lines and reads them back. Each record is one appendFileSync call
// of one line, so records from the editor and several CLI processes interleave whole (O_APPEND
// writes of a few hundred bytes are not split on local file systems). Every string goes through
// the masker first: the secrets of this process's recent runs, plus any the caller adds.
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { userInfo } from 'node:os';
import { isCancellationError } from '../../contracts/result.js';
import { maskKnownSecrets } from '../../runner/masking/knownSecrets.js';
import type { SecretMasker } from '../../runner/masking/SecretMasker.js';
import { toAuditRecord, type AuditAction, type AuditRecord, type AuditResult, type AuditTarget } from './auditRecord.js';
import { matchesAuditFilter, type AuditFilter } from './auditFilter.js';

/** Options for {@link AuditLog}. */
export interface AuditLogOptions {
  /** The JSON-lines file (see defaultAuditFile). */
  file: string;
  source: AuditRecord['source'];
  /** Defaults to the OS user. */
  user?: string;
  /** Extra secrets to mask besides the remembered run secrets. */
  masker?: SecretMasker;
  /** Clock, for tests. */
  now?: () => Date;
}

/** What a caller says about one action; time, user and source are filled in. */
export interface AuditEntry {
  action: AuditAction;
  target: AuditTarget;
  result: AuditResult;
  detail?: string;
  runId?: string;
}

/** Options of {@link AuditLog.track}. */
export interface TrackOptions<T> {
  detail?: string;
  runId?: string;
  /** Describes a success from its value; false when nothing changed (nothing is recorded). */
  detailOf?: (value: T) => string | false | undefined;
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

/**
 * The audit trail of one process.
 *
 * ```ts
 * const audit = new AuditLog({ file: defaultAuditFile(), source: 'cli' });
 * await audit.track('scale', { context, namespace, object: 'Deployment/web' }, () => scaleResource(kube, 'Deployment', 'web', 3));
 * ```
 */
export class AuditLog {
  readonly file: string;
  private readonly user: string;

  constructor(private readonly options: AuditLogOptions) {
    this.file = options.file;
    this.user = options.user ?? osUser();
  }

  /** Masks every string of a value (object keys included). */
  private mask<T>(value: T): T {
    const one = (s: string) => maskKnownSecrets(this.options.masker ? this.options.masker.mask(s) : s);
    const deep = (v: unknown): unknown => {
      if (typeof v === 'string') return one(v);
      if (Array.isArray(v)) return v.map(deep);
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [one(k), deep(x)]));
      return v;
    };
    return deep(value) as T;
  }

  /**
   * Appends one record. Never throws: an audit file that cannot be written must not stop the action
   * it records; the error is returned for the caller to log.
   */
  append(entry: AuditEntry): Error | undefined {
    const detail = entry.detail?.replace(/\s*\n\s*/g, ' ').slice(0, 500);
    const record: AuditRecord = this.mask({ time: (this.options.now?.() ?? new Date()).toISOString(), user: this.user, source: this.options.source, ...entry, detail });
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      appendFileSync(this.file, `${JSON.stringify(record)}\n`, { mode: 0o600 });
      return undefined;
    } catch (e) {
      return e as Error;
    }
  }

  /**
   * Runs a changing action and records how it ended (ok, failed with the error's message, or
   * cancelled), then returns or rethrows its outcome unchanged. `detailOf` describes a success from
   * its value, or returns false when nothing changed (a diff declined), which records nothing.
   */
  async track<T>(action: AuditAction, target: AuditTarget, run: () => PromiseLike<T>, extra: TrackOptions<T> = {}): Promise<T> {
    try {
      const value = await run();
      const described = extra.detailOf?.(value);
      if (described === false) return value;
      this.append({ action, target, result: 'ok', runId: extra.runId, detail: described ?? extra.detail });
      return value;
    } catch (e) {
      const cancelled = isCancellationError(e);
      const message = e instanceof Error ? e.message : String(e);
      this.append({ action, target, result: cancelled ? 'cancelled' : 'failed', runId: extra.runId, detail: extra.detail ? `${extra.detail}: ${message}` : message });
      throw e;
    }
  }

  /** Reads the records matching `filter`, oldest first; a missing file is an empty log, torn lines are skipped. */
  read(filter: AuditFilter = {}): AuditRecord[] {
    return readAuditFile(this.file, filter);
  }
}

/** Reads an audit file (see {@link AuditLog.read}). */
export function readAuditFile(file: string, filter: AuditFilter = {}): AuditRecord[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const out: AuditRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      continue;
    }
    const r = toAuditRecord(parsed);
    if (r && matchesAuditFilter(r, filter)) out.push(r);
  }
  return out;
}
