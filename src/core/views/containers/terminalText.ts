// Container output as a pseudo-terminal expects it: CRLF line ends (a terminal moves down on LF but
// only returns to column 0 on CR) and stderr in red, reset at each line end so colour never leaks.
import type { OutputChunk } from '../../clients/docker/dockerStreams.js';

/** One chunk of logs or exec output, ready for `Pseudoterminal.onDidWrite`. */
export function toTerminalText(c: OutputChunk, tty = false): string {
  // A TTY container already writes CRLF; converting again would double the returns harmlessly, but skip it.
  const text = tty ? c.text : c.text.replace(/\r?\n/g, '\r\n');
  if (c.stream !== 'stderr' || !text) return text;
  return `\x1b[31m${text.replace(/\r\n/g, '\x1b[0m\r\n\x1b[31m')}\x1b[0m`;
}
