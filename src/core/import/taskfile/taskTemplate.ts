// Task's Go templates (`{{.VAR}}`) in shell commands and values. Task pastes the text into the
// command; we hand values over as data. A value reference keeps its meaning except where the shell
// would have split it into words (unquoted, value with spaces): there the value goes to `env:` and
// the command reads `$VAR`, as a person would write it.

/** How one `{{ }}` is written in our pipeline. */
export type VarUse =
  /** An expression over our contexts (`params.X`, `env.X`). */
  | { kind: 'expr'; expr: string; splits?: boolean }
  /** A shell variable the script itself sets (dynamic vars) or the environment has. */
  | { kind: 'shell'; name: string }
  /** Literal text (TASK, a static value resolved at import). */
  | { kind: 'text'; text: string }
  | { kind: 'untranslated' };

export type Resolve = (inner: string) => VarUse;

export interface Translated {
  text: string;
  untranslated: string[];
  /** Variables whose value had to go to env (name → expression). */
  toEnv: Map<string, string>;
}

type QuoteState = 'none' | 'single' | 'double';

/** The quoting in force at each index of a shell text. */
function quoteStates(text: string): QuoteState[] {
  const out: QuoteState[] = [];
  let state: QuoteState = 'none';
  for (let i = 0; i < text.length; i++) {
    out[i] = state;
    const c = text[i];
    if (state === 'single') {
      if (c === "'") state = 'none';
    } else if (c === '\\') {
      out[i + 1] = state;
      i++;
    } else if (c === "'" && state === 'none') {
      state = 'single';
    } else if (c === '"') {
      state = state === 'double' ? 'none' : 'double';
    }
  }
  return out;
}

function shellRef(name: string, q: QuoteState): string {
  if (q === 'single') return `'"$${name}"'`;
  return `\${${name}}`;
}

/** Translates the templates of a shell command. */
export function translateShell(text: string, resolve: Resolve): Translated {
  const states = quoteStates(text);
  const toEnv = new Map<string, string>();
  const untranslated: string[] = [];
  let out = '';
  let last = 0;
  for (const m of text.matchAll(/\{\{-?\s*([\s\S]*?)\s*-?\}\}/g)) {
    const q = states[m.index] ?? 'none';
    out += text.slice(last, m.index);
    last = m.index + m[0].length;
    const use = resolve(m[1]);
    if (use.kind === 'text') out += q === 'single' ? use.text.replace(/'/g, `'\\''`) : use.text;
    else if (use.kind === 'shell') out += shellRef(use.name, q);
    else if (use.kind === 'expr') {
      const name = /^[A-Za-z_][A-Za-z0-9_]*$/.test(m[1].replace(/^\./, '')) ? m[1].replace(/^\./, '') : undefined;
      if (use.splits && q === 'none' && name) {
        toEnv.set(name, use.expr);
        out += `$${name}`;
      } else {
        out += `\${{ ${use.expr} }}`;
      }
    } else {
      untranslated.push(m[0]);
      out += m[0];
    }
  }
  out += text.slice(last);
  return { text: out, untranslated, toEnv };
}

/** Translates the templates of a value that is data (env, dir, prompt): `${{ }}` or text. */
export function translateValue(text: string, resolve: Resolve): { text: string; untranslated: string[] } {
  const untranslated: string[] = [];
  const out = text.replace(/\{\{-?\s*([\s\S]*?)\s*-?\}\}/g, (whole, inner: string) => {
    const use = resolve(inner);
    if (use.kind === 'text') return use.text;
    if (use.kind === 'expr') return `\${{ ${use.expr} }}`;
    untranslated.push(whole);
    return whole;
  });
  return { text: out, untranslated };
}
