// Builds the standalone (precompiled) ajv validator for the pipeline schema. Compiling the schema
// at run time costs a few hundred milliseconds on the first validation; the generated module loads
// in tens. Regenerate after editing schemas/pipeline.schema.json with `npm run generate:validator`
// (scripts/generateValidator.ts; a unit test fails while the committed file is stale).
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import schemaJson from '../../../../schemas/pipeline.schema.json';

/**
 * The ajv options of the generated module. `optimize` (ajv's pass that drops dead assignments and
 * folds constants) costs nothing at run time here, as the code is generated ahead: the module comes
 * out a tenth smaller and its errors are the same, schemaPath included.
 */
export const AJV_OPTIONS = { allErrors: true, verbose: true, strict: false, allowUnionTypes: true, code: { optimize: true } } as const;

/**
 * Definitions with more keywords than this get a function of their own instead of being inlined where
 * they are used. Inlined, the 22 step types' `with` schemas made the step's function 107 KB of
 * bytecode, past V8's limit for optimizing a function (60 KB): every step of every validation ran
 * it unoptimized. Split, the step function is a third of that size and each type's `with` check
 * is a function V8 can optimize.
 */
const INLINE_KEYWORDS = 30;

interface SchemaEnvLike {
  validateName?: { str: string } | string;
  refs?: Record<string, unknown>;
}

/** Ref → name of its function, for the refs `validate` compiled to functions of their own (not inlined). */
function refFunctions(validate: object): Map<string, string> {
  const env = (validate as { schemaEnv: SchemaEnvLike }).schemaEnv;
  const out = new Map<string, string>();
  for (const [ref, target] of Object.entries(env.refs ?? {})) {
    const name = (target as SchemaEnvLike | undefined)?.validateName;
    if (name !== undefined) out.set(ref, typeof name === 'string' ? name : name.str);
  }
  return out;
}

/**
 * ajv writes a separate function's schemaPath from that definition's root (`#/required`), an inlined
 * definition's from the document's (`#/definitions/with_file/required`). The messages read schemaPath
 * (validateSchema.ts), so the definitions split off here keep the paths they had when inlined.
 */
function rebaseSchemaPaths(code: string, rebased: Map<string, string>): string {
  const starts = [...code.matchAll(/function (validate\d+)\(/g)].map((m) => ({ name: m[1]!, at: m.index! }));
  let out = '';
  let from = 0;
  starts.forEach((s, i) => {
    const pointer = rebased.get(s.name);
    if (pointer === undefined) return;
    const end = starts[i + 1]?.at ?? code.length;
    // Paths already from the document's root are of definitions inlined inside this one.
    out += code.slice(from, s.at) + code.slice(s.at, end).replace(/schemaPath:"#\/(?!definitions\/)/g, `schemaPath:"${pointer}/`).replace(/schemaPath:"#"/g, `schemaPath:"${pointer}"`);
    from = end;
  });
  return out + code.slice(from);
}

/** An error ajv creates where no error is reported (createErrors: false): an empty object, pushed and counted. */
const UNREPORTED_ERROR = /const (err\d+) = \{\};if\(vErrors === null\)\{vErrors = \[\1\];\}else \{vErrors\.push\(\1\);\}errors\+\+;/g;
/**
 * An `if` subschema's evaluation: the error count before, the subschema's code, whether it added
 * errors, then the count and the array put back as they were.
 */
const IF_EVALUATION = /const (_errs\d+) = errors;let (valid\d+) = true;const (_errs\d+) = errors;([\s\S]*?)var (_valid\d+) = \3 === errors;errors = \1;if\(vErrors !== null\)\{if\(\1\)\{vErrors\.length = \1;\}else \{vErrors = null;\}\}/g;

/**
 * Where an `if` subschema fails, ajv pushes an empty error object (starting the error array when
 * there was none) only to cut it off again: each step tried every step type's `if`, so a
 * 2,000-step validation made ~45,000 objects and arrays to throw away. Counting is enough where
 * nothing inside the evaluation reads the array: the count decides, and the array is put back to
 * the length it had. An evaluation that reads the array anywhere is left as ajv wrote it.
 */
function countUnreportedIfErrors(code: string): string {
  return code.replace(IF_EVALUATION, (whole, before: string, valid: string, start: string, body: string, result: string) => {
    const counted = body.replace(UNREPORTED_ERROR, 'errors++;');
    if (counted.includes('vErrors')) return whole;
    return `const ${before} = errors;let ${valid} = true;const ${start} = errors;${counted}var ${result} = ${start} === errors;errors = ${before};if(vErrors !== null){if(${before}){vErrors.length = ${before};}else {vErrors = null;}}`;
  });
}

/** The generated module text (CommonJS) for the current schema. */
export function validatorSource(): string {
  const split = new Ajv({ ...AJV_OPTIONS, inlineRefs: INLINE_KEYWORDS, code: { ...AJV_OPTIONS.code, source: true } });
  const validate = split.compile(schemaJson);
  // The functions ajv's default (every definition without refs inlined) would not have made.
  const before = new Set(refFunctions(new Ajv(AJV_OPTIONS).compile(schemaJson)).keys());
  const rebased = new Map<string, string>();
  for (const [ref, name] of refFunctions(validate)) if (!before.has(ref)) rebased.set(name, `#${ref.split('#')[1]}`);
  const header = '// GENERATED from schemas/pipeline.schema.json by `npm run generate:validator` (src/core/pipeline/schema/validatorSource.ts); do not edit.\n';
  return header + countUnreportedIfErrors(rebaseSchemaPaths(standaloneCode(split, validate), rebased));
}

/** Where the generated module lives, relative to the repository root. */
export const GENERATED_VALIDATOR = 'src/core/pipeline/schema/pipelineValidator.generated.js';
