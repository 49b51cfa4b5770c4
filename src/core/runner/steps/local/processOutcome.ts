// A local step's outcome from the end of the process it ran: how a non-zero end reads in the run.
import type { ProcessResult, StepOutcome } from '../../../contracts/StepType.js';

/** Success on exit code 0; otherwise the exit code with why (a signal, or the code). */
export function outcomeOfProcess(r: ProcessResult): StepOutcome {
  if (r.exitCode === 0) return { exitCode: 0 };
  return { exitCode: r.exitCode, message: r.signal ? `killed by ${r.signal}` : `exited with code ${r.exitCode}` };
}
