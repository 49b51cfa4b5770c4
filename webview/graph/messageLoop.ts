// The host → webview half of the protocol: every message validated on arrival and folded into the state
// the view draws from. The webview never parses YAML; it only keeps what the host last said.
import { useEffect, useRef, useState } from 'preact/hooks';
import { applyGraphPatch } from '../../src/core/graph/graphPatch.js';
import { parseToGraphWebview, type GraphModel, type GraphNodeStatus, type PaletteEntry, type PendingGate } from '../shared/graphMessages.js';
import { root, send } from './vscodeApi.js';

export interface HostState {
  graph?: GraphModel;
  /** Set while the text does not parse (the graph is then the last good one). */
  error?: string;
  notice?: string;
  palette: PaletteEntry[];
  statuses: Record<string, GraphNodeStatus>;
  /** Steps a debug session holds now. */
  paused: string[];
  highlight?: string;
  critical?: { ids: string[]; totalMs: number };
  /** Approval gates waiting for an answer (the nodes' Approve / Reject). */
  approvals: PendingGate[];
}

/** Listens for host messages from mount on, announcing `ready` once the listener is in place. */
export function useHostMessages(): [HostState, (notice: string | undefined) => void] {
  const [graph, setGraph] = useState<GraphModel | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [palette, setPalette] = useState<PaletteEntry[]>([]);
  const [statuses, setStatuses] = useState<Record<string, GraphNodeStatus>>({});
  const [paused, setPaused] = useState<string[]>([]);
  const [highlight, setHighlight] = useState<string | undefined>();
  const [critical, setCritical] = useState<HostState['critical']>();
  const [approvals, setApprovals] = useState<PendingGate[]>([]);
  // What a patch applies to: the graph last received and its version.
  const held = useRef<{ graph: GraphModel; version: number } | undefined>();

  useEffect(() => {
    const onMessage = (ev: { data: unknown }) => {
      const msg = parseToGraphWebview(ev.data);
      if (!msg) return;
      switch (msg.type) {
        case 'graph':
          held.current = { graph: msg.graph, version: msg.version };
          setGraph(msg.graph);
          setError(msg.error);
          break;
        case 'graphPatch': {
          // A patch for another version than the one shown: ask for the whole graph again.
          if (held.current?.version !== msg.base) {
            send('ready', {});
            break;
          }
          const next = applyGraphPatch(held.current.graph, msg.patch);
          held.current = { graph: next, version: msg.version };
          setGraph(next);
          setError(undefined);
          break;
        }
        case 'palette':
          setPalette(msg.entries);
          break;
        case 'highlight':
          setHighlight(msg.id);
          break;
        case 'status':
          setStatuses(msg.statuses);
          break;
        case 'paused':
          setPaused(msg.ids);
          break;
        case 'notice':
          setNotice(msg.message);
          break;
        case 'approvals':
          setApprovals(msg.approvals);
          break;
        case 'critical':
          setCritical(msg.ids.length ? { ids: msg.ids, totalMs: msg.totalMs } : undefined);
          break;
        case 'form':
          // The side form listens for it itself (form.tsx).
          break;
        default: {
          const never: never = msg;
          void never;
        }
      }
    };
    // The graph written into the page when the editor opened: drawn before the host answers `ready`.
    const initial = root.dataset.initial;
    if (initial) {
      delete root.dataset.initial;
      try {
        onMessage({ data: JSON.parse(initial) as unknown });
      } catch {
        // Malformed: the host's answer to `ready` brings the graph.
      }
    }
    window.addEventListener('message', onMessage);
    send('ready', {});
    return () => window.removeEventListener('message', onMessage);
  }, []);

  return [{ graph, error, notice, palette, statuses, paused, highlight, critical, approvals }, setNotice];
}
