// `ansflow audit`: prints the audit trail (every change made through AnsFlow, from the editor and
// the CLI) from the shared per-user file, filtered by time, action and text.
import { defineCommand, EXIT, failure, usageError } from '../command/index.js';
import { table } from '../output/table.js';
import { auditRow, defaultAuditFile, parseActions, parseSince, readAuditFile, type AuditFilter } from '../../core/observability/audit/index.js';

/** Prints the audit log. */
export const auditCommand = defineCommand({
  name: 'audit',
  summary: 'Print the audit trail of changes made through AnsFlow (editor and CLI)',
  description: 'Reads $ANSFLOW_AUDIT_FILE, else the per-user default (~/.local/state/ansflow/audit.jsonl on Linux; see docs/observability.md). Oldest first.',
  args: [],
  options: {
    since: { type: 'string', value: 'when', help: 'only records newer than a duration ago (30m, 2h, 7d) or an ISO date' },
    action: { type: 'list', value: 'kind', help: 'only these actions (repeat or comma-separate: apply, delete, scale, pipeline-run, approval, …)' },
    grep: { type: 'string', value: 'text', help: 'only records mentioning this text (user, target, result, detail, run id)' },
    limit: { type: 'number', short: 'n', value: 'N', help: 'only the newest N records', integer: true, min: 1 },
    file: { type: 'string', value: 'path', help: 'read this audit file instead of the default' },
  },
  format: { choices: ['text', 'json'] },
  examples: [
    { command: 'ansflow audit --since 1d', about: 'what changed in the last day' },
    { command: 'ansflow audit --action delete,helm-uninstall --format json', about: 'deletions, as JSON lines' },
  ],
  exitCodes: { 0: 'printed (also when nothing matches)', 1: 'the audit file could not be read' },
  async run({ options: values, format }, io) {
    const filter: AuditFilter = { text: values.grep };
    if (values.since !== undefined) {
      const since = parseSince(values.since);
      if ('error' in since) return usageError(`--since: ${since.error}`, '');
      filter.since = since;
    }
    if (values.action?.length) {
      const actions = parseActions(values.action);
      if ('error' in actions) return usageError(`--action: ${actions.error}`, '');
      filter.actions = actions;
    }
    const file = values.file ?? defaultAuditFile(io.env);
    let records;
    try {
      records = readAuditFile(file, filter);
    } catch (e) {
      return failure(EXIT.failed, `cannot read the audit file ${file}: ${(e as Error).message}`, 'check its permissions, or pass --file');
    }
    if (values.limit !== undefined) records = records.slice(-values.limit);
    if (format === 'json') {
      for (const r of records) io.stdout.write(`${JSON.stringify(r)}\n`);
      return 0;
    }
    if (!records.length) {
      io.stdout.write(`No audit records${values.since || values.action?.length || values.grep ? ' match' : ' yet'} (${file}).\n`);
      return 0;
    }
    io.stdout.write(table(['TIME (UTC)', 'USER', 'ACTION', 'TARGET', 'RESULT', 'RUN / DETAIL'], records.map(auditRow)));
    return 0;
  },
});
