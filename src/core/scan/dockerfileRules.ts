// Dockerfile rules. Multi-stage aware: only the final stage's user and healthcheck matter, and a FROM
// naming an earlier stage is not a base image.
import type { DockerfileInstruction } from '../clients/docker/dockerfileLines.js';
import { argsOf, parseDockerfile } from './dockerfileStages.js';
import { imageTag } from './k8sContainerRules.js';
import { applyScanConfig } from './scanConfig.js';
import { findSuppressions, isSuppressed, spanStart } from './suppression.js';
import type { ScanConfig, ScanFinding, ScanRule, TextEdit } from './types.js';

export const DOCKERFILE_RULES = {
  latestBase: { id: 'dockerfile-latest-base', severity: 'medium', message: 'The base image uses `latest` or no tag, so builds change under you.', fix: 'Pin a version tag or a digest in FROM.' },
  rootUser: { id: 'dockerfile-root-user', severity: 'high', message: 'The final stage runs as root (no USER, or USER root/0).', fix: 'Add `USER <non-root user>` to the final stage.' },
  add: { id: 'dockerfile-add-instead-of-copy', severity: 'low', message: 'ADD copies local files with extra magic (archive extraction, URLs).', fix: 'Use COPY for local files.' },
  aptClean: { id: 'dockerfile-apt-no-clean', severity: 'low', message: 'apt-get install without removing /var/lib/apt/lists leaves the package lists in the layer.', fix: 'End the same RUN with `&& rm -rf /var/lib/apt/lists/*`.' },
  secretEnv: { id: 'dockerfile-secret-in-env', severity: 'high', message: 'A secret-looking ENV/ARG has a value baked into the image.', fix: 'Pass it at run time, or use a BuildKit secret mount (RUN --mount=type=secret).' },
  curlPipe: { id: 'dockerfile-curl-pipe-shell', severity: 'high', message: 'A downloaded script is piped straight into a shell.', fix: 'Download to a file, verify its checksum or signature, then run it.' },
  healthcheck: { id: 'dockerfile-no-healthcheck', severity: 'low', message: 'The final stage declares no HEALTHCHECK.', fix: 'Add a HEALTHCHECK (or `HEALTHCHECK NONE` to say it is deliberate).' },
  sudo: { id: 'dockerfile-sudo', severity: 'medium', message: 'RUN uses sudo: builds already run as root, and sudo in an image widens what a user can do.', fix: 'Drop sudo; switch USER around the commands that need root.' },
} as const satisfies Record<string, ScanRule>;

const SECRET_NAME = /pass(word|wd)?\b|passwd|secret|token|api[_-]?key|private[_-]?key|credential|access[_-]?key/i;

/** Substitutes `$VAR` / `${VAR}` with known ARG defaults; undefined while an unknown one remains. */
function expand(text: string, args: ReadonlyMap<string, string>): string | undefined {
  let unknown = false;
  const out = text.replace(/\$\{([A-Za-z_]\w*)(?::?[-+][^}]*)?\}|\$([A-Za-z_]\w*)/g, (_m, a: string | undefined, b: string | undefined) => {
    const v = args.get((a ?? b)!);
    if (v === undefined) unknown = true;
    return v ?? '';
  });
  return unknown ? undefined : out;
}

/** `NAME=value` pairs of ENV/ARG (also the legacy `ENV NAME value`). */
function assignments(ins: DockerfileInstruction): Array<[string, string | undefined]> {
  const a = argsOf(ins).trim();
  if (ins.keyword === 'ENV' && !/^[^\s=]+=/.test(a)) {
    const m = /^(\S+)\s+(.*)$/.exec(a);
    return m ? [[m[1]!, m[2]!]] : [];
  }
  return [...a.matchAll(/([^\s=]+)(?:=("(?:[^"\\]|\\.)*"|'[^']*'|\S*))?/g)].map((m) => [m[1]!, m[2]?.replace(/^["']|["']$/g, '')]);
}

export function scanDockerfile(file: string, text: string, config?: ScanConfig): ScanFinding[] {
  const df = parseDockerfile(text);
  const sups = findSuppressions(text);
  const out: ScanFinding[] = [];
  const lineStart: number[] = [0];
  for (const l of df.lines) lineStart.push(lineStart[lineStart.length - 1]! + l.length + 1);
  const report = (rule: ScanRule, ins: DockerfileInstruction, span: [number, number], quickFix?: { title: string; edit: TextEdit }) => {
    if (isSuppressed(sups, rule.id, span[0], span[1])) return;
    const first = df.lines[ins.line - 1] ?? '';
    out.push({
      file,
      line: ins.line,
      column: first.length - first.trimStart().length + 1,
      endLine: ins.line,
      endColumn: first.length + 1,
      rule: rule.id,
      severity: rule.severity,
      message: rule.message,
      fix: rule.fix,
      objectLine: span[0],
      ...(quickFix ? { quickFix } : {}),
    });
  };
  const R = DOCKERFILE_RULES;
  const globals = new Map<string, string>();
  for (const ins of df.globalArgs) for (const [k, v] of assignments(ins)) if (v !== undefined) globals.set(k, v);
  const stageNames = new Set<string>();
  df.stages.forEach((stage, index) => {
    const span: [number, number] = [spanStart(df.lines, stage.from.line), stage.endLine];
    const final = index === df.stages.length - 1;
    const [image, , name] = argsOf(stage.from).replace(/--\S+\s+/g, '').trim().split(/\s+/);
    const ref = image ? expand(image, globals) : undefined;
    if (ref && ref !== 'scratch' && !stageNames.has(ref.toLowerCase())) {
      const tag = imageTag(ref);
      if (tag === 'latest' || tag === undefined) report(R.latestBase, stage.from, span);
    }
    if (name) stageNames.add(name.toLowerCase());
    for (const ins of stage.instructions) {
      const args = argsOf(ins);
      if (ins.keyword === 'ADD') {
        const src = args.replace(/--\S+\s+/g, '').trim().split(/\s+/)[0] ?? '';
        if (!/^(https?|git):\/\/|\.(tar|tgz|tar\.\w+)$/.test(src)) {
          const off = lineStart[ins.line - 1]! + (df.lines[ins.line - 1]!.length - df.lines[ins.line - 1]!.trimStart().length);
          report(R.add, ins, span, { title: 'Replace ADD with COPY', edit: { start: off, end: off + 3, newText: 'COPY' } });
        }
      }
      if (ins.keyword === 'ENV' || ins.keyword === 'ARG') {
        if (assignments(ins).some(([k, v]) => SECRET_NAME.test(k) && v !== undefined && v !== '' && !/^\$/.test(v))) report(R.secretEnv, ins, span);
      }
      if (ins.keyword === 'RUN') {
        if (/\bapt(-get)?\s+(-\S+\s+)*install\b/.test(args) && !/rm\s+-r?f?r?\s+\/var\/lib\/apt\/lists/.test(args)) report(R.aptClean, ins, span);
        if (/\b(curl|wget)\b[^|;&]*\|\s*(sudo\s+)?(ba|z|da)?sh\b/.test(args)) report(R.curlPipe, ins, span);
        if (/(^|[\s;&|(])sudo\s/.test(args)) report(R.sudo, ins, span);
      }
    }
    if (final) {
      const users = stage.instructions.filter((i) => i.keyword === 'USER');
      const last = users[users.length - 1];
      const who = last ? argsOf(last).trim().split(':')[0] : undefined;
      if (!last) report(R.rootUser, stage.from, span);
      else if (who === 'root' || who === '0') report(R.rootUser, last, span);
      if (!stage.instructions.some((i) => i.keyword === 'HEALTHCHECK')) report(R.healthcheck, stage.from, span);
    }
  });
  return applyScanConfig(out, config);
}
