// Turns output chunks into whole lines for callers that report per line (helm's stderr progress).

/** A sink for chunks that calls `onLine` per complete line; `flush` hands over an unfinished last line. */
export function lineSplitter(onLine: (line: string) => void): { push(text: string): void; flush(): void } {
  let pending = '';
  return {
    push(text) {
      pending += text;
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        onLine(pending.slice(0, nl));
        pending = pending.slice(nl + 1);
      }
    },
    flush() {
      if (pending) onLine(pending);
      pending = '';
    },
  };
}
