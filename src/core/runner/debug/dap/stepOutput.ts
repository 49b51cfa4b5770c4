// Run events as Debug Console output: each line of a step's log is prefixed with its instance key
// (steps run side by side, so their chunks interleave), and failures get one line of their own. The
// runner masks log text and reasons before they become events, so nothing here sees a secret.
import type { RunEvent } from '../../../contracts/events.js';

/** One DAP `output` event body. */
export interface OutputBody {
  category: 'stdout' | 'stderr' | 'console';
  output: string;
}

export class StepOutput {
  /** Steps whose last chunk ended mid-line: their next chunk continues it without a prefix. */
  private readonly midLine = new Set<string>();

  /** The output for one run event, if it shows any. */
  format(e: RunEvent): OutputBody | undefined {
    if (e.type === 'step-log') {
      if (!e.text) return undefined;
      const prefix = `[${e.step}] `;
      const lines = e.text.split('\n');
      const last = lines.pop()!;
      let out = '';
      lines.forEach((line, i) => {
        out += (i === 0 && this.midLine.has(e.step) ? '' : prefix) + line + '\n';
      });
      if (last) out += (lines.length === 0 && this.midLine.has(e.step) ? '' : prefix) + last;
      if (last) this.midLine.add(e.step);
      else this.midLine.delete(e.step);
      return { category: e.stream === 'stderr' ? 'stderr' : e.stream === 'system' ? 'console' : 'stdout', output: out };
    }
    if (e.type === 'step-end' && (e.status === 'failed' || e.status === 'timed-out')) {
      const end = this.midLine.delete(e.step) ? '\n' : '';
      return { category: 'stderr', output: `${end}[${e.step}] ${e.status}${e.attempt > 0 ? ` (attempt ${e.attempt})` : ''}${e.reason ? `: ${e.reason}` : ''}\n` };
    }
    return undefined;
  }
}
