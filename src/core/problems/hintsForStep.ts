// Derives matcher hints from a step's `with` parameters by their conventional names, so the
// editor and the CLI give matchers the same files without knowing each step type's schema.
import type { ProblemHints } from './Problem.js';

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' && !v.includes('${{') ? v : undefined;
}

function strs(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(str).filter((s): s is string => !!s);
  const s = str(v);
  return s ? [s] : [];
}

/** Hints for {@link ProblemHints} from a step's type and `with`. */
export function hintsForStep(type: string | undefined, withParams: Record<string, unknown>): ProblemHints {
  const t = type ?? '';
  const hints: ProblemHints = {};
  if (t.startsWith('docker')) {
    const context = str(withParams.context) ?? '.';
    hints.dockerfile = str(withParams.dockerfile) ?? str(withParams.file) ?? `${context.replace(/\/$/, '')}/Dockerfile`;
  }
  if (t.startsWith('helm')) hints.chartDir = str(withParams.chart) ?? str(withParams.path);
  if (t.startsWith('ansible')) hints.playbook = str(withParams.playbook);
  if (t.startsWith('kubernetes') || t.startsWith('kubectl') || t.startsWith('k8s')) {
    const m = [...strs(withParams.manifests), ...strs(withParams.files), ...strs(withParams.file), ...strs(withParams.manifest)];
    if (m.length) hints.manifests = m;
  }
  return hints;
}
