// `kubectl apply` errors: client-side validation (`error validating "f.yaml": … ValidationError(Kind.path): …`),
// server-side strict decoding (`unknown field "spec.x"`), `… is invalid: path: reason`, and YAML parse errors.
// The manifest document is found by kind and name, and the field by its path.
import type { MatchContext, Problem, ProblemMatcher } from './Problem.js';
import { locateManifestField } from './locateManifestField.js';
import { readText, resolveIn } from './paths.js';

const VALIDATING = /error validating "(.+?)": error validating data: (?:\[)?ValidationError\(([\w.]+?)(?:\.([\w.[\]]+))?\): (.+?)(?:; if you choose to ignore these errors.*)?$/;
const DECODING = /error when (?:creating|applying|patching|replacing|updating) "(.+?)": (\w+) in version "[^"]+" cannot be handled as an? \w+: (?:strict decoding error: )?(.*)$/;
const INVALID = /(?:error when (?:creating|applying|patching|replacing|updating) "(.+?)": )?(?:The )?(\w+)(?:\.[\w.]+)? "([^"]+)" is invalid: (.*)$/;
const PARSING = /error: error parsing (.+?): error converting YAML to JSON: yaml: line (\d+): (.*)$/;

/** Locates the problem in the manifest; falls back to the file's first line when the object is not found. */
function locate(ctx: MatchContext, rawFile: string | undefined, kind: string, name: string | undefined, field: string | undefined) {
  const files = rawFile && rawFile !== 'STDIN' ? [rawFile] : (ctx.hints?.manifests ?? []);
  for (const f of files) {
    const file = resolveIn(ctx, f);
    const text = readText(ctx, file);
    const loc = text !== undefined ? locateManifestField(text, kind, name, field) : undefined;
    if (loc) return { file, line: loc.line, column: loc.column };
  }
  if (files.length === 1) return { file: resolveIn(ctx, files[0]), line: 1, column: 1 };
  return undefined;
}

/** Matches kubectl apply validation errors. See {@link ProblemMatcher}. */
export const kubectlMatcher: ProblemMatcher = {
  name: 'kubectl',
  create(ctx) {
    const problem = (where: ReturnType<typeof locate>, message: string, code: string): Problem[] =>
      where ? [{ ...where, message, severity: 'error', source: 'kubectl', code }] : [];
    return {
      line(text): Problem[] {
        let m = VALIDATING.exec(text);
        if (m) {
          // `ValidationError(Deployment.spec): unknown field "replica"` names the parent; the field is one deeper.
          const unknown = /unknown field "([^"]+)"/.exec(m[4])?.[1];
          const field = [m[3], unknown].filter(Boolean).join('.') || undefined;
          return problem(locate(ctx, m[1], m[2], undefined, field), `${m[2]}${m[3] ? `.${m[3]}` : ''}: ${m[4]}`, 'validation');
        }
        m = DECODING.exec(text);
        if (m) {
          const field = /unknown field "([^"]+)"/.exec(m[3])?.[1];
          return problem(locate(ctx, m[1], m[2], undefined, field), `${m[2]}: ${m[3]}`, 'strict-decoding');
        }
        m = PARSING.exec(text);
        if (m) {
          const file = resolveIn(ctx, m[1]);
          return problem({ file, line: Number(m[2]), column: 1 }, `YAML: ${m[3]}`, 'yaml');
        }
        m = INVALID.exec(text);
        if (m && /^(?:Error from server|The |error)/.test(text.trim())) {
          // `path: reason` pairs, comma separated; the first path is located, all reasons are shown.
          const field = /^\s*\[?([\w.[\]-]+):/.exec(m[4])?.[1];
          return problem(locate(ctx, m[1], m[2], m[3], field), `${m[2]} "${m[3]}" is invalid: ${m[4]}`, 'invalid');
        }
        return [];
      },
      end: () => [],
    };
  },
};
