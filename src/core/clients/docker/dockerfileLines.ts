// Maps Dockerfile instructions to source lines, so a failing build step ("Step 3/5 : RUN …" from the
// classic builder) points at its line. Follows the Dockerfile parser's rules: parser directives,
// the escape character, line continuations, and comment lines inside continuations.

/** One instruction with its 1-based first and last line. */
export interface DockerfileInstruction {
  keyword: string;
  text: string;
  line: number;
  endLine: number;
}

/** Splits a Dockerfile into instructions with line numbers. */
export function parseDockerfileInstructions(text: string): DockerfileInstruction[] {
  const lines = text.split(/\r?\n/);
  let escape = '\\';
  let i = 0;
  // Parser directives only at the very top, before any instruction, comment or blank line.
  for (; i < lines.length; i++) {
    const m = /^\s*#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$/.exec(lines[i]);
    if (!m) break;
    if (m[1].toLowerCase() === 'escape' && (m[2] === '`' || m[2] === '\\')) escape = m[2];
  }
  const out: DockerfileInstruction[] = [];
  let current: DockerfileInstruction | undefined;
  for (; i < lines.length; i++) {
    const raw = lines[i];
    const trimmed = raw.trim();
    if (!current) {
      if (!trimmed || trimmed.startsWith('#')) continue;
      current = { keyword: (/^(\S+)/.exec(trimmed)?.[1] ?? '').toUpperCase(), text: '', line: i + 1, endLine: i + 1 };
    } else if (trimmed.startsWith('#') || !trimmed) {
      // comment / empty lines inside a continuation are skipped
      continue;
    }
    current.endLine = i + 1;
    const continued = raw.replace(/\s+$/, '').endsWith(escape);
    current.text += (current.text ? ' ' : '') + (continued ? raw.replace(/\s+$/, '').slice(0, -1) : raw).trim();
    if (!continued) {
      out.push(current);
      current = undefined;
    }
  }
  if (current) out.push(current);
  return out;
}

/** The instruction the classic builder calls "Step N/M" (1-based). */
export function instructionForStep(instructions: DockerfileInstruction[], step: number): DockerfileInstruction | undefined {
  return instructions[step - 1];
}
