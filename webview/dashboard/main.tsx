// The runs dashboard (Preact + webview-ui-toolkit). It renders what the host sends and posts back
// only the typed messages of webview/shared/messages.ts.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { provideVSCodeDesignSystem, vsCodeButton, vsCodeDropdown, vsCodeOption } from '@vscode/webview-ui-toolkit';
import { parseToWebview, type DashboardData, type FromWebview } from '../shared/messages.js';
import { Bar, DurationChart, ms, SuccessChart } from './charts.js';

provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeDropdown(), vsCodeOption());

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };
const vscode = acquireVsCodeApi();

function send<K extends FromWebview['type']>(type: K, body: Omit<Extract<FromWebview, { type: K }>, 'type'>): void {
  vscode.postMessage({ type, ...body });
}

function ago(t: number): string {
  const s = Math.round((Date.now() - t) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
}

function App() {
  const [data, setData] = useState<DashboardData | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    const onMessage = (ev: MessageEvent) => {
      const msg = parseToWebview(ev.data);
      if (!msg) return;
      if (msg.type === 'data') {
        setData(msg.data);
        setError(undefined);
      } else setError(msg.message);
    };
    window.addEventListener('message', onMessage);
    send('ready', {});
    return () => window.removeEventListener('message', onMessage);
  }, []);

  if (error) return <p class="s-failed">{error}</p>;
  if (!data) return <p class="muted">Loading run history…</p>;

  const trendPipelines = data.pipeline ? [data.pipeline] : Object.keys(data.durations).slice(0, 6);
  const stepTrends = data.pipeline ? Object.entries(data.stepDurations[data.pipeline] ?? {}).slice(0, 8) : [];
  const withJobs = data.recentRuns.some((r) => r.jobs?.length);
  const maxSlow = Math.max(0, ...data.slowestSteps.map((s) => s.medianMs));

  return (
    <main>
      <div class="toolbar">
        <h1>Runs dashboard</h1>
        <vscode-dropdown
          aria-label="Pipeline"
          value={data.pipeline ?? ''}
          onChange={(e: Event) => {
            const v = (e.target as HTMLSelectElement).value;
            send('filter', v ? { pipeline: v } : {});
          }}
        >
          <vscode-option value="">All pipelines</vscode-option>
          {data.pipelines.map((p) => (
            <vscode-option key={p} value={p} selected={p === data.pipeline}>
              {p}
            </vscode-option>
          ))}
        </vscode-dropdown>
        <vscode-button appearance="secondary" onClick={() => send('refresh', {})}>
          Refresh
        </vscode-button>
      </div>
      <div class="grid">
        <section class="card">
          <h2>Success rate (30 days)</h2>
          <SuccessChart days={data.successByDay} />
        </section>
        <section class="card">
          <h2>Duration trend</h2>
          {trendPipelines.length === 0 && <p class="muted">No runs yet.</p>}
          {trendPipelines.map((p) => (
            <DurationChart key={p} title={p} points={data.durations[p] ?? []} height={trendPipelines.length > 1 ? 60 : 100} />
          ))}
        </section>
        {stepTrends.length > 0 && (
          <section class="card">
            <h2>Step durations</h2>
            {stepTrends.map(([step, points]) => (
              <DurationChart key={step} title={step} points={points} height={50} />
            ))}
          </section>
        )}
        <section class="card">
          <h2>Slowest steps (median)</h2>
          <table>
            <thead>
              <tr>
                <th>Step</th>
                <th>Median</th>
                <th>p95</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {data.slowestSteps.map((s) => (
                <tr key={`${s.pipeline}/${s.stepId}`}>
                  <td title={s.pipeline}>{data.pipeline ? s.stepId : `${s.pipeline} › ${s.stepId}`}</td>
                  <td>{ms(s.medianMs)}</td>
                  <td>{ms(s.p95Ms)}</td>
                  <td>
                    <Bar value={s.medianMs} max={maxSlow} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section class="card">
          <h2>Flaky steps (passed after retry)</h2>
          {data.flakySteps.length === 0 ? (
            <p class="muted">No step needed a retry to pass.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>Step</th>
                  <th>Passed after retry</th>
                  <th>Failures</th>
                  <th>Runs</th>
                </tr>
              </thead>
              <tbody>
                {data.flakySteps.map((s) => (
                  <tr key={`${s.pipeline}/${s.stepId}`}>
                    <td>{`${s.pipeline} › ${s.stepId}`}</td>
                    <td>{s.passedAfterRetry}</td>
                    <td>{s.failures}</td>
                    <td>{s.runs}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
      <h2>Recent runs</h2>
      <table aria-label="Recent runs">
        <thead>
          <tr>
            <th>Status</th>
            <th>Pipeline</th>
            <th>Duration</th>
            <th>When</th>
            <th>Trigger</th>
            {withJobs && <th>Jobs</th>}
            <th>Failed steps</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {data.recentRuns.map((r) => (
            <tr key={r.runId}>
              <td class={`s-${r.status}`}>{r.status}</td>
              <td title={r.runId}>{r.pipeline}</td>
              <td>{r.durationMs !== undefined ? ms(r.durationMs) : '—'}</td>
              <td>{ago(r.startedAt)}</td>
              <td>{r.trigger}</td>
              {withJobs && (
                <td>
                  {(r.jobs ?? []).map((j) => (
                    <span key={j.id} class={`job s-${j.status}`} title={`${j.id}: ${j.status}`}>
                      {j.id}{' '}
                    </span>
                  ))}
                </td>
              )}
              <td>{r.failedSteps.join(', ')}</td>
              <td>
                <vscode-button appearance="icon" aria-label="Show log" title="Show log" onClick={() => send('openRun', { runId: r.runId })}>
                  ≡
                </vscode-button>
                <vscode-button appearance="icon" aria-label="Rerun" title="Rerun" onClick={() => send('rerun', { runId: r.runId })}>
                  ↻
                </vscode-button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}

render(<App />, document.getElementById('root')!);
