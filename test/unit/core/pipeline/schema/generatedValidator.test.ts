// The generated validator is built with options chosen for its size and speed (validatorSource.ts);
// its errors must be those of ajv compiling the schema with the defaults it had before, field for
// field (schemaPath included: the messages read it), on the examples and on every one-place mutation
// of them, so no diagnostic can change with the generator's options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import { parse } from 'yaml';
import { loadSchema } from '../../../../../src/core/pipeline/index.js';
import { schemaValidator } from '../../../../../src/core/pipeline/schema/loadSchema.js';

const EXAMPLES = resolve(__dirname, '../../../../../examples');
const JUNK: unknown[] = [1, 'x', '${{ x }}', [], {}, true, null, 1.5, ['a'], { zz: 1 }, '5m'];

function reference(): (v: unknown) => ErrorObject[] {
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, allowUnionTypes: true, code: { optimize: false } });
  const validate = ajv.compile(loadSchema());
  return (v) => (validate(v) ? [] : validate.errors ?? []);
}

function generated(v: unknown): ErrorObject[] {
  const validate = schemaValidator();
  return validate(v) ? [] : validate.errors ?? [];
}

const comparable = (errors: ErrorObject[]): string => JSON.stringify(errors.map((e) => ({ ...e, schema: JSON.stringify(e.schema), parentSchema: JSON.stringify(e.parentSchema), data: JSON.stringify(e.data) })));

/** The document, then each value replaced by each junk value, removed, or given an unknown key. */
function* mutations(root: unknown): Generator<unknown> {
  yield root;
  const paths: Array<Array<string | number>> = [];
  const collect = (x: unknown, p: Array<string | number>): void => {
    if (p.length) paths.push(p);
    if (x && typeof x === 'object') for (const k of Object.keys(x)) collect((x as Record<string, unknown>)[k], [...p, Array.isArray(x) ? Number(k) : k]);
  };
  collect(root, []);
  const at = (c: unknown, p: Array<string | number>): Record<string | number, unknown> => p.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], c) as Record<string | number, unknown>;
  for (const p of paths) {
    const last = p[p.length - 1]!;
    for (const j of JUNK) {
      const c = structuredClone(root);
      at(c, p.slice(0, -1))[last] = structuredClone(j);
      yield c;
    }
    const removed = structuredClone(root);
    const parent = at(removed, p.slice(0, -1));
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
    yield removed;
    const extended = structuredClone(root);
    const target = at(extended, p);
    if (target && typeof target === 'object' && !Array.isArray(target)) {
      target.unknownKey = 1;
      yield extended;
    }
  }
}

test('(unit) schema: the generated validator reports exactly what ajv compiling the schema reports, on every mutation of the examples', () => {
  const expected = reference();
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.ansflow.yaml')).sort();
  assert.ok(files.length >= 6);
  let cases = 0;
  let withErrors = 0;
  for (const f of files) {
    for (const value of mutations(parse(readFileSync(join(EXAMPLES, f), 'utf8'), { merge: true }))) {
      const want = expected(value);
      cases++;
      if (want.length) withErrors++;
      assert.equal(comparable(generated(value)), comparable(want), `${f}: ${JSON.stringify(value).slice(0, 200)}`);
    }
  }
  // The mutations must reach the step types' `with` schemas and the enum alternatives, not stop at the top.
  assert.ok(cases > 5000 && withErrors > cases / 2, `${cases} cases, ${withErrors} with errors`);
});
