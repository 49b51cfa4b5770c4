// The start check that lets a debugger hold an instance before anything of it is evaluated, so
// values edited while it waits are what its matrix, condition and `with` see.
import type { Candidate, Verdict } from '../startChecks.js';

export function heldByDebugger(c: Candidate): Promise<Verdict | undefined> | undefined {
  const wait = c.host.run.options.debug?.beforeStart(c);
  if (!wait) return undefined;
  // A cancel while held releases the instance: it must then not start.
  return wait.then(() => (c.signal.aborted ? { status: 'cancelled', reason: 'not started: cancelled while held by the debugger' } : undefined));
}
