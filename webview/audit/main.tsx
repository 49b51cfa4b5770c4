// The audit log page (Preact): the table the host filtered, newest first. Typing in the filter asks the
// host again (it holds the records and keeps the filtering in core); the button opens the file itself.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { AUDIT_FILTER_MAX, parseToAuditWebview, type ToAuditWebview } from '../shared/auditMessages.js';
import { send } from './vscodeApi.js';

function App() {
  const [table, setTable] = useState<ToAuditWebview | undefined>();
  const [filter, setFilter] = useState('');

  useEffect(() => {
    const onMessage = (ev: MessageEvent) => {
      const msg = parseToAuditWebview(ev.data);
      if (!msg) return;
      setTable(msg);
      // The host may open the page with a filter (a run id); the box shows it.
      setFilter((f) => (f === '' && msg.filter ? msg.filter : f));
    };
    window.addEventListener('message', onMessage);
    send({ type: 'ready' });
    return () => window.removeEventListener('message', onMessage);
  }, []);

  const onInput = (text: string) => {
    setFilter(text);
    send({ type: 'filter', text });
  };
  const more = table ? table.matched - table.rows.length : 0;
  return (
    <div>
      <div class="bar">
        <input aria-label="Filter" placeholder="Filter: action, target, result, user, run id, date, detail" maxLength={AUDIT_FILTER_MAX} value={filter} onInput={(e) => onInput((e.target as HTMLInputElement).value)} />
        <button onClick={() => send({ type: 'openFile' })}>Open file</button>
        <span class="status">
          {table ? (table.total === 0 ? `No audit records yet (${table.file})` : `${table.matched} of ${table.total} records · ${table.file}`) : 'Reading…'}
        </span>
      </div>
      {table && table.rows.length ? (
        <table>
          <thead>
            <tr>
              <th>Time (UTC)</th>
              <th>User</th>
              <th>Action</th>
              <th>Target</th>
              <th>Result</th>
              <th>Run</th>
              <th>Detail</th>
            </tr>
          </thead>
          <tbody>
            {table.rows.map((r, i) => (
              <tr key={i} class={r.result}>
                <td class="time">{r.time}</td>
                <td class="user">
                  {r.user} ({r.source})
                </td>
                <td class="action">{r.action}</td>
                <td class="target">{r.target}</td>
                <td class="result">{r.result}</td>
                <td class="run">{r.runId}</td>
                <td class="detail">{r.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {more > 0 ? <p class="status">{`${more} older matching records not shown: narrow the filter.`}</p> : null}
    </div>
  );
}

render(<App />, document.getElementById('root')!);
