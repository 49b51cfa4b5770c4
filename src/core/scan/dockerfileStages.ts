// A Dockerfile as stages of instructions with their lines: the shared instruction splitter
// (continuations, comments, the escape directive) plus heredoc bodies (`RUN <<EOF … EOF`), which
// belong to the instruction that opens them.
import { parseDockerfileInstructions, type DockerfileInstruction } from '../clients/docker/dockerfileLines.js';

export interface DockerfileStage {
  /** The FROM instruction. */
  from: DockerfileInstruction;
  /** Instructions after FROM, up to the next FROM. */
  instructions: DockerfileInstruction[];
  /** 1-based last line of the stage. */
  endLine: number;
}

export interface ParsedDockerfile {
  /** ARG instructions before the first FROM (they may parameterize FROM). */
  globalArgs: DockerfileInstruction[];
  stages: DockerfileStage[];
  lines: string[];
}

const HEREDOC = /<<-?\s*(["']?)([A-Za-z_][\w-]*)\1/g;

export function parseDockerfile(text: string): ParsedDockerfile {
  const lines = text.split(/\r?\n/);
  // Blank out heredoc bodies for the splitter, remembering them by the line that opens them.
  const blanked = [...lines];
  const bodies = new Map<number, { text: string; endLine: number }>();
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*#/.test(lines[i]!)) continue;
    const words = [...lines[i]!.matchAll(HEREDOC)].map((m) => m[2]!);
    if (!words.length || !/^\s*(RUN|COPY|ADD)\b/i.test(lines[i]!)) continue;
    const start = i;
    const body: string[] = [];
    for (const word of words) {
      for (i++; i < lines.length && lines[i]!.replace(/^\t+/, '') !== word; i++) {
        body.push(lines[i]!);
        blanked[i] = '';
      }
      if (i < lines.length) blanked[i] = '';
    }
    bodies.set(start + 1, { text: body.join('\n'), endLine: Math.min(i + 1, lines.length) });
  }
  const all = parseDockerfileInstructions(blanked.join('\n')).map((ins) => {
    const b = bodies.get(ins.line);
    return b ? { ...ins, text: `${ins.text}\n${b.text}`, endLine: b.endLine } : ins;
  });
  const globalArgs: DockerfileInstruction[] = [];
  const stages: DockerfileStage[] = [];
  for (const ins of all) {
    if (ins.keyword === 'FROM') stages.push({ from: ins, instructions: [], endLine: ins.endLine });
    else if (!stages.length) {
      if (ins.keyword === 'ARG') globalArgs.push(ins);
    } else {
      const s = stages[stages.length - 1]!;
      s.instructions.push(ins);
      s.endLine = ins.endLine;
    }
  }
  return { globalArgs, stages, lines };
}

/** The arguments of an instruction (its text without the keyword). */
export function argsOf(ins: DockerfileInstruction): string {
  return ins.text.replace(/^\s*\S+\s*/, '');
}
