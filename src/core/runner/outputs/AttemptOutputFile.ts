// An attempt's $ANSFLOW_OUTPUT file. It is created empty and 0600 (so what a step appends, possibly a
// secret, is readable by us alone) right before the step's first process starts, by whoever starts
// it: the fork helper in the same request as the spawn, so a step costs no file-system round trip of
// its own on the event loop (bench/README.md, round 4). A step that starts no process gets no file.
import { createEmptyPrivateFile } from '../../process/privateFile.js';

export class AttemptOutputFile {
  private created = false;

  constructor(readonly path: string) {}

  /** Creates the file now unless it was (an executor that starts the step's process itself). */
  ensure(): void {
    if (this.created) return;
    this.created = true;
    createEmptyPrivateFile(this.path);
  }

  /**
   * The path for a process launcher to create just before its spawn, once: later processes of the
   * same attempt (and anything after {@link ensure}) get undefined and find the file in place.
   */
  handOver(): string | undefined {
    if (this.created) return undefined;
    this.created = true;
    return this.path;
  }
}

