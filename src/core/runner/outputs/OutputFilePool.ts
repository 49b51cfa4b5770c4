// Names of the run's outputs files, reused: an attempt that left its file empty (most do) hands it
// to a later attempt instead of it being removed and another created. Creating and removing a file
// cost ~90 µs of kernel time a step on ext4 here (bench/README.md, round 4); opening an existing
// empty file with O_TRUNC costs a few. The file is truncated again when handed to the next process,
// and an attempt never gets the name its own previous attempt had ($ANSFLOW_OUTPUT changes per attempt).
import { join } from 'node:path';

export class OutputFilePool {
  private readonly free: string[] = [];
  private next = 1;

  constructor(private readonly dir: string) {}

  /** A name for a new attempt's file: a returned one, else a fresh one. */
  take(): string {
    return this.free.pop() ?? join(this.dir, `out-${this.next++}.out`);
  }

  /** Returns a name whose file is gone or empty and whose attempt is over. */
  give(path: string): void {
    this.free.push(path);
  }
}
