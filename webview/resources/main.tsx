// The Resources webview (Preact): draws what the host computed — top-N by CPU and memory, tables of
// nodes, pods and containers sorted as the host sorted them, each row with its sparklines over the
// host's 15-minute history. Clicking a column asks the host for another sort.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ResourcesView, ResourceViewRow } from '../../src/core/observability/metrics/ResourcesModel.js';
import type { SortBy } from '../../src/core/observability/metrics/resourceRows.js';
import { parseToResourcesWebview, TOP_N_CHOICES } from '../shared/resourceMessages.js';
import { Sparkline } from './sparkline.js';
import { send } from './vscodeApi.js';

const SOURCE_TEXT: Record<ResourcesView['source'], string> = {
  'metrics.k8s.io': 'metrics.k8s.io',
  'kubelet-summary': 'kubelet Summary API',
  docker: 'Docker stats',
  none: 'no source',
};

const rowName = (r: ResourceViewRow) => (r.kind === 'container' && r.pod ? `${r.pod}/${r.name}` : r.name);

function Table({ title, rows, view, showNamespace, omitted }: { title: string; rows: ResourceViewRow[]; view: ResourcesView; showNamespace: boolean; omitted?: number }) {
  if (!rows.length) return null;
  const head = (by: SortBy, label: string) => {
    const on = view.sort.by === by;
    const dir = on && view.sort.dir === 'desc' ? 'asc' : on ? 'desc' : by === 'name' ? 'asc' : 'desc';
    return (
      <th aria-sort={on ? (view.sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
        <button class={on ? 'on' : ''} onClick={() => send({ type: 'sort', by, dir })}>
          {label}
          {on ? (view.sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
        </button>
      </th>
    );
  };
  return (
    <section data-table={title}>
      <h2>{title}</h2>
      <table>
        <thead>
          <tr>
            {showNamespace ? <th>Namespace</th> : null}
            {head('name', 'Name')}
            {head('cpu', 'CPU')}
            <th />
            {head('memory', 'Memory')}
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} data-key={r.key}>
              {showNamespace ? <td>{r.namespace ?? ''}</td> : null}
              <td>{rowName(r)}</td>
              <td class="num">{r.cpu}</td>
              <td><Sparkline values={r.cpuSeries} kind="cpu" /></td>
              <td class="num">{r.memory}</td>
              <td><Sparkline values={r.memorySeries} kind="memory" /></td>
            </tr>
          ))}
        </tbody>
      </table>
      {omitted ? <p class="status" data-omitted={omitted}>{omitted.toLocaleString('en-US')} more not shown: sort by another column to bring them in.</p> : null}
    </section>
  );
}

function Top({ title, rows, by }: { title: string; rows: ResourceViewRow[]; by: 'cpu' | 'memory' }) {
  return (
    <section data-top={by}>
      <h2>{title}</h2>
      <table>
        <tbody>
          {rows.map((r, i) => (
            <tr key={r.key}>
              <td>{i + 1}.</td>
              <td>{rowName(r)}</td>
              <td class="num">{by === 'cpu' ? r.cpu : r.memory}</td>
              <td><Sparkline values={by === 'cpu' ? r.cpuSeries : r.memorySeries} kind={by} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function App() {
  const [view, setView] = useState<ResourcesView | undefined>();
  useEffect(() => {
    const onMessage = (ev: MessageEvent) => {
      const msg = parseToResourcesWebview(ev.data);
      if (msg) setView(msg.view);
    };
    window.addEventListener('message', onMessage);
    send({ type: 'ready' });
    return () => window.removeEventListener('message', onMessage);
  }, []);
  if (!view) return <p class="status">Reading usage…</p>;
  const what = view.pods.length ? 'pods' : 'containers';
  const multiNs = new Set(view.pods.map((p) => p.namespace)).size > 1;
  return (
    <>
      <div class="bar">
        <strong>{view.title}</strong>
        <span class="status">
          {view.time ? `${SOURCE_TEXT[view.source]} · ${new Date(view.time).toLocaleTimeString()} · last ${view.windowMinutes} min` : 'Reading usage…'}
        </span>
        <span>Top</span>
        {TOP_N_CHOICES.map((n) => (
          <button key={n} class={view.topN === n ? 'on' : ''} aria-pressed={view.topN === n} onClick={() => send({ type: 'topN', n })}>
            {n}
          </button>
        ))}
      </div>
      {view.error ? <div class="error">{view.error}</div> : null}
      {view.note ? <div class="note">{view.note}</div> : null}
      {view.topCpu.length ? (
        <div class="tops">
          <Top title={`Top ${view.topN} ${what} by CPU`} rows={view.topCpu} by="cpu" />
          <Top title={`Top ${view.topN} ${what} by memory`} rows={view.topMemory} by="memory" />
        </div>
      ) : null}
      <Table title="Nodes" rows={view.nodes} view={view} showNamespace={false} omitted={view.omitted?.nodes} />
      <Table title="Pods" rows={view.pods} view={view} showNamespace={multiNs} omitted={view.omitted?.pods} />
      <Table title="Containers" rows={view.containers} view={view} showNamespace={multiNs} omitted={view.omitted?.containers} />
      {view.time && !view.nodes.length && !view.pods.length && !view.containers.length ? <p class="status">No usage reported for {view.title}.</p> : null}
    </>
  );
}

render(<App />, document.getElementById('root')!);
