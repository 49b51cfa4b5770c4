// Python tracebacks: frames `  File "x.py", line N, in f`, then the exception line. The problem
// goes to the innermost frame in the user's own code (not the standard library or site-packages),
// and carets (SyntaxError, 3.11+ underlines) give the column when the file can be read.
import type { Problem, ProblemMatcher } from './Problem.js';
import { readText, resolveIn } from './paths.js';

const FRAME = /^\s*File "(.+?)", line (\d+)(?:, in (.+))?$/;
const EXCEPTION = /^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Warning|Iteration|Fault)\w*|[A-Za-z_][\w.]*\.[A-Z]\w*)(?::\s?(.*))?$/;
const CARET = /^(\s*)[~^]+\s*$/;

interface Frame {
  file: string;
  line: number;
  column?: number;
  code?: string;
}

function isLibrary(file: string): boolean {
  return /[\\/](site-packages|dist-packages|lib[\\/]python\d[\d.]*)[\\/]/.test(file) || file.startsWith('<');
}

/** Matches Python tracebacks and syntax errors. See {@link ProblemMatcher}. */
export const pythonMatcher: ProblemMatcher = {
  name: 'python',
  create(ctx) {
    let frames: Frame[] = [];
    let lastWasFrame = false;

    const finish = (exception: string, message: string | undefined): Problem[] => {
      const own = [...frames].reverse().find((f) => !isLibrary(f.file)) ?? frames[frames.length - 1];
      frames = [];
      if (!own) return [];
      return [
        {
          file: resolveIn(ctx, own.file),
          line: own.line,
          column: own.column ?? 1,
          message: message ? `${exception}: ${message}` : exception,
          severity: 'error',
          source: 'python',
          code: exception.split('.').pop(),
        },
      ];
    };

    return {
      line(text): Problem[] {
        if (/^Traceback \(most recent call last\):/.test(text)) {
          frames = [];
          lastWasFrame = false;
          return [];
        }
        const f = FRAME.exec(text);
        if (f) {
          frames.push({ file: f[1], line: Number(f[2]) });
          lastWasFrame = true;
          return [];
        }
        if (frames.length === 0) return [];
        const caret = CARET.exec(text);
        if (caret) {
          // A SyntaxError caret sits under the source line Python printed with its indentation stripped.
          const top = frames[frames.length - 1];
          if (top.code !== undefined && top.column === undefined && text.includes('^')) {
            const printedIndent = /^\s*/.exec(top.code)?.[0].length ?? 0;
            const source = readText(ctx, resolveIn(ctx, top.file))?.split(/\r?\n/)[top.line - 1];
            // Without the file the original indentation is unknown, so the column would be a guess.
            if (source !== undefined) {
              const originalIndent = /^\s*/.exec(source)?.[0].length ?? 0;
              top.column = Math.max(1, text.search(/[~^]/) - printedIndent + originalIndent + 1);
            }
          }
          return [];
        }
        if (/^\s/.test(text)) {
          if (lastWasFrame) frames[frames.length - 1].code = text;
          lastWasFrame = false;
          return [];
        }
        lastWasFrame = false;
        const e = EXCEPTION.exec(text.trim());
        if (e) return finish(e[1], e[2]);
        if (/^During handling|^The above exception/.test(text) || text.trim() === '') return [];
        frames = [];
        return [];
      },
      end: () => [],
    };
  },
};
