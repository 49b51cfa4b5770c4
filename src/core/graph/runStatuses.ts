// Folds a live run's step instances into one status per graph node: matrix instances share a node, so
// the most telling instance wins (a failure over a running one over a queued one over a success).
import type { StepStatus } from '../contracts/events.js';
import type { GraphNodeStatus } from './graphModel.js';

/** What a run knows about one step instance (RunModel's StepModel fits). */
export interface StepInstanceState {
  stepId: string;
  status: StepStatus;
  /** An approval with no decision yet means the step is waiting for a person. */
  approval?: { decision?: string };
}

const MAP: Record<StepStatus, GraphNodeStatus> = {
  queued: 'queued',
  running: 'running',
  success: 'succeeded',
  'up-to-date': 'succeeded',
  failed: 'failed',
  'timed-out': 'failed',
  skipped: 'skipped',
  cancelled: 'cancelled',
  interrupted: 'cancelled',
};

const RANK: GraphNodeStatus[] = ['idle', 'succeeded', 'skipped', 'queued', 'cancelled', 'running', 'waiting', 'failed'];

/** One overlay status per step id. */
export function nodeStatuses(steps: Iterable<StepInstanceState>): Record<string, GraphNodeStatus> {
  const out: Record<string, GraphNodeStatus> = {};
  for (const s of steps) {
    const status: GraphNodeStatus = s.status === 'running' && s.approval && !s.approval.decision ? 'waiting' : (MAP[s.status] ?? 'idle');
    const prev = out[s.stepId];
    if (!prev || RANK.indexOf(status) > RANK.indexOf(prev)) out[s.stepId] = status;
  }
  return out;
}

/** The run's statuses with the steps a debugger holds shown paused: holding is what a person must act on. */
export function withPaused(statuses: Readonly<Record<string, GraphNodeStatus>>, paused: readonly string[]): Record<string, GraphNodeStatus> {
  const out = { ...statuses };
  for (const id of paused) out[id] = 'paused';
  return out;
}
