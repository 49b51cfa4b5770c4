// The CLI's interactive approver: asks on the terminal (y/N) when stdin is a TTY.
import { createInterface } from 'node:readline';
import type { Approver, ApprovalDecision, ApprovalRequest } from '../../core/runner/index.js';
import type { CliIO } from '../CliCommand.js';

/** Prompts `Approve <step>? <message> [y/N]` and reads one answer; aborting the request stops the prompt. */
export class TtyApprover implements Approver {
  private queue: Promise<unknown> = Promise.resolve();

  /**
   * `onInterrupt`: what Ctrl-C at the prompt does (the run's own Ctrl-C handling). `beforePrompt`: writes
   * out the run's output gathered so far, so the lines before a prompt are on the screen above it.
   */
  constructor(
    private readonly io: CliIO,
    private readonly onInterrupt: () => void,
    private readonly beforePrompt?: () => void,
  ) {}

  decide(request: ApprovalRequest): Promise<ApprovalDecision> {
    // One prompt at a time, even when parallel steps wait for approval together.
    const next = this.queue.then(() => this.ask(request));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private ask(request: ApprovalRequest): Promise<ApprovalDecision> {
    return new Promise((resolve, reject) => {
      // Queued behind a prompt during which the run was cancelled: never ask (an unanswerable prompt
      // would also keep stdin open, and the CLI would never exit).
      if (request.signal.aborted) return reject(request.signal.reason);
      this.beforePrompt?.();
      const rl = createInterface({ input: this.io.stdin, output: this.io.stdout as NodeJS.WritableStream, terminal: true });
      const onAbort = () => {
        rl.close();
        reject(request.signal.reason);
      };
      request.signal.addEventListener('abort', onAbort, { once: true });
      // readline puts the terminal in raw mode, so Ctrl-C reaches it as a key instead of a signal;
      // without this the prompt would swallow it and the run could not be cancelled while waiting.
      rl.on('SIGINT', this.onInterrupt);
      const who = request.approvers.length ? ` (approvers: ${request.approvers.join(', ')})` : '';
      rl.question(`\n⏸ ${request.step}: ${request.message}${who} — approve? [y/N] `, (answer) => {
        request.signal.removeEventListener('abort', onAbort);
        rl.close();
        const yes = /^y(es)?$/i.test(answer.trim());
        resolve(yes ? { decision: 'approved', by: this.io.env.USER ?? 'terminal' } : { decision: 'rejected', by: this.io.env.USER ?? 'terminal', reason: 'rejected at the prompt' });
      });
    });
  }
}
