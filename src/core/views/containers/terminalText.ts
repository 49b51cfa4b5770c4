// Container output as a pseudo-terminal expects it: CRLF line ends (a terminal moves down on LF but
// only returns to column 0 on CR) and stderr in red, reset at each line end so colour never leaks.
import type { OutputChunk } from '../../clients/docker/dockerStreams.js';

/** One chunk of logs or exec output, ready for `Pseudoterminal.onDidWrite`. */
export function toTerminalText(c: OutputChunk, tty = false): string {
  // A TTY container already writes CRLF; converting again would double the returns harmlessly, but skip it.
  const text = tty ? c.text : c.text.replace(/\r?\n/g, '\r\n');
  if (c.stream !== 'stderr' || !text) return text;
  return text
    .split('\r\n')
    .map((line) => (line ? `\x1b[31m${line}\x1b[0m` : line))
    .join('\r\n');
}

/** The default shell of "Open Shell": bash when the image has it, else sh (one exec, no probing round trip). */
export const AUTO_SHELL: readonly string[] = ['/bin/sh', '-c', 'if command -v bash >/dev/null 2>&1; then exec bash; else exec sh; fi'];
