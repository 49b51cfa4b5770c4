// The merged log view's webview (Preact): lines from the host, each with its source's colour and
// timestamp; a text/regex filter and level toggles applied here (the pattern checks of core/logs);
// pause/follow; jump to a time; export through the host. Only the rows in view are in the DOM.
import { render } from 'preact';
import { useEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import { LOG_LEVELS, type LogLevel } from '../../src/core/logs/logLine.js';
import { parseToLogsWebview, type WireFilter, type WireSource } from '../shared/logMessages.js';
import { LogStore, parseJumpTime } from './logStore.js';
import { ROW_H, SOURCE_COLOURS } from './logsCss.js';
import { send } from './vscodeApi.js';

const OVERSCAN = 20;

function timeText(t: number): string {
  const d = new Date(t);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

function App() {
  const store = useRef(new LogStore(10_000)).current;
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const [title, setTitle] = useState('Merged logs');
  const [sources, setSources] = useState<WireSource[]>([]);
  const [stats, setStats] = useState({ dropped: 0, paused: 0 });
  const [notice, setNotice] = useState<string | undefined>();
  const [filter, setFilter] = useState<WireFilter>({ text: '', regex: false, levels: [] });
  const [filterError, setFilterError] = useState<string | undefined>();
  const [follow, setFollow] = useState(true);
  const [jump, setJump] = useState('');
  const [marked, setMarked] = useState<number | undefined>();
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const scroller = useRef<HTMLDivElement>(null);
  // While paused, the view draws only the lines it had; new ones are counted, not shown.
  const frozenCount = useRef<number | undefined>(undefined);

  useEffect(() => {
    const onMessage = (ev: MessageEvent) => {
      const msg = parseToLogsWebview(ev.data);
      if (!msg) return;
      switch (msg.type) {
        case 'init':
          setTitle(msg.title);
          store.setCap(msg.bufferLines);
          break;
        case 'lines':
          store.append(msg.lines, msg.missed);
          if (msg.lines.length) send('ack', { seq: msg.lines[msg.lines.length - 1].seq });
          redraw(0);
          break;
        case 'sources':
          setSources(msg.sources);
          break;
        case 'stats':
          setStats({ dropped: msg.dropped, paused: msg.paused });
          break;
        case 'notice':
          setNotice(msg.message);
          break;
      }
    };
    window.addEventListener('message', onMessage);
    send('ready', {});
    const el = scroller.current!;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    return () => {
      window.removeEventListener('message', onMessage);
      ro.disconnect();
    };
  }, []);

  useEffect(() => {
    const why = store.setFilter(filter);
    setFilterError(why);
    redraw(0);
  }, [filter]);

  const count = follow || frozenCount.current === undefined ? store.count : Math.min(frozenCount.current, store.count);
  useEffect(() => {
    if (follow && scroller.current) scroller.current.scrollTop = count * ROW_H;
  });

  const colours = useMemo(() => new Map(sources.map((s, i) => [s.id, `var(--vscode-terminal-${SOURCE_COLOURS[i % SOURCE_COLOURS.length]})`])), [sources]);
  const labels = useMemo(() => new Map(sources.map((s) => [s.id, s.label])), [sources]);

  const setFollowing = (on: boolean) => {
    frozenCount.current = on ? undefined : store.count;
    setFollow(on);
  };
  const onScroll = () => {
    const el = scroller.current!;
    setScrollTop(el.scrollTop);
    // Scrolling up leaves follow mode, as a terminal does.
    if (follow && el.scrollTop + el.clientHeight < el.scrollHeight - ROW_H * 2) setFollowing(false);
  };
  const doJump = () => {
    const t = parseJumpTime(jump, store.span().last ?? Date.now());
    if (Number.isNaN(t)) return setNotice(`"${jump}" is not a time: use HH:MM:SS or an ISO date-time.`);
    setNotice(undefined);
    setFollowing(false);
    const n = Math.min(store.indexAtTime(t), Math.max(0, store.count - 1));
    setMarked(store.at(n)?.seq);
    scroller.current!.scrollTop = Math.max(0, n * ROW_H - height / 3);
  };
  const toggleLevel = (l: LogLevel) => setFilter({ ...filter, levels: filter.levels.includes(l) ? filter.levels.filter((x) => x !== l) : [...filter.levels, l] });

  // The browser clamps scrollTop when the list shrinks (a filter) without always firing a scroll event.
  const top = Math.min(scrollTop, Math.max(0, count * ROW_H - height));
  const first = Math.max(0, Math.floor(top / ROW_H) - OVERSCAN);
  const last = Math.min(count, Math.ceil((top + height) / ROW_H) + OVERSCAN);
  const rows = [];
  for (let n = first; n < last; n++) {
    const l = store.at(n)!;
    rows.push(
      <div key={l.seq} class={`row ${l.level ?? ''}${l.seq === marked ? ' jump' : ''}`} style={{ top: n * ROW_H }} title={l.ts}>
        <span class="ts">{timeText(l.t)}</span>
        <span class="src" style={{ color: colours.get(l.source) }}>{labels.get(l.source) ?? l.source}</span>
        <span class="text">{l.text}</span>
      </div>,
    );
  }
  const hidden = store.count - count;

  return (
    <>
      <div class="bar">
        <strong>{title}</strong>
        <input type="text" aria-label="Filter" placeholder={filter.regex ? 'Filter (regular expression)' : 'Filter'} class={filterError ? 'bad' : ''} title={filterError ?? ''} value={filter.text} onInput={(e) => setFilter({ ...filter, text: (e.target as HTMLInputElement).value })} />
        <label title="Regular expression">
          <input type="checkbox" checked={filter.regex} onChange={(e) => setFilter({ ...filter, regex: (e.target as HTMLInputElement).checked })} />
          .*
        </label>
        {LOG_LEVELS.map((l) => (
          <button key={l} class={filter.levels.includes(l) ? 'on' : ''} aria-pressed={filter.levels.includes(l)} onClick={() => toggleLevel(l)}>
            {l}
          </button>
        ))}
        <button class={follow ? 'on' : ''} onClick={() => setFollowing(!follow)}>{follow ? 'Pause' : 'Follow'}</button>
        <input type="text" aria-label="Jump to time" placeholder="Jump to HH:MM:SS" value={jump} onInput={(e) => setJump((e.target as HTMLInputElement).value)} onKeyDown={(e) => e.key === 'Enter' && doJump()} />
        <button onClick={doJump}>Jump</button>
        <button onClick={() => send('export', { filter })}>Export…</button>
      </div>
      <div class="sources">
        {sources.map((s) => (
          <span key={s.id} class={s.state} title={s.detail ?? s.state}>
            <span style={{ color: colours.get(s.id) }}>■</span> {s.label}
            {s.state !== 'following' ? ` (${s.state})` : ''}
          </span>
        ))}
      </div>
      {filterError ? <div class="notice">{filterError}</div> : null}
      {notice ? <div class="notice">{notice}</div> : null}
      <div class="scroller" ref={scroller} onScroll={onScroll}>
        <div style={{ height: count * ROW_H, position: 'relative' }}>{rows}</div>
      </div>
      <div class="status">
        {`${store.count} of ${store.total} lines shown`}
        {hidden > 0 ? ` · paused, ${hidden} new` : ''}
        {stats.dropped + store.lost > 0 ? ` · ${stats.dropped + store.lost} dropped` : ''}
        {stats.paused > 0 ? ` · ${stats.paused} sources waiting for the view` : ''}
      </div>
    </>
  );
}

render(<App />, document.getElementById('root')!);
