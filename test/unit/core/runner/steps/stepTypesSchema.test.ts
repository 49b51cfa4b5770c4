// The schema (validation, completion, hover, snippets) and the runner's registry name the same step
// types, and each type has every piece docs/adding-a-step-type.md lists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { knownStepTypes, loadSchema, stepWithSchema } from '../../../../../src/core/pipeline/index.js';
import { BUILTIN_STEP_TYPE_NAMES, loadBuiltinStepTypes } from '../../../../../src/core/runner/steps/index.js';
import { BUILTIN_STEP_TYPES } from '../../../../../src/core/runner/steps/eagerStepTypes.js';

/**
 * Types the schema already describes while their step type is being written (issue work in flight).
 * Each entry must not be registered yet: once it is, this test fails until the entry is removed here.
 */
const SCHEMA_AHEAD_OF_REGISTRY: readonly string[] = [];

const sorted = (xs: Iterable<string>): string[] => [...xs].sort();

test('(unit) step types: the schema names exactly the registered step types', () => {
  const registered = new Set(BUILTIN_STEP_TYPE_NAMES);
  for (const t of SCHEMA_AHEAD_OF_REGISTRY) assert.ok(!registered.has(t), `'${t}' is registered now: remove it from SCHEMA_AHEAD_OF_REGISTRY`);
  assert.deepEqual(sorted(knownStepTypes()), sorted([...registered, ...SCHEMA_AHEAD_OF_REGISTRY]), 'schemas/pipeline.schema.json definitions.step.properties.type.enum vs src/core/runner/steps/index.ts');
  // The eager map (family index files, used by `ansflow plan`) lists the same types.
  assert.deepEqual(sorted(BUILTIN_STEP_TYPES.keys()), sorted(registered), 'src/core/runner/steps/<family>/index.ts vs src/core/runner/steps/index.ts');
});

test('(unit) step types: each one has its with definition, its schema branch, a description and an example snippet', async () => {
  const schema = loadSchema() as {
    definitions: { step: { properties: { type: { enum: string[]; enumDescriptions: string[] } }; allOf: Array<{ if: { properties: { type: { const: string } } }; then: { properties: { with: { $ref: string } } } }> } };
    'x-ansflow-step-examples': Record<string, string>;
  };
  const step = schema.definitions.step;
  const types = await loadBuiltinStepTypes();
  for (const name of knownStepTypes()) {
    const def = `with_${name.replace('.', '_')}`;
    assert.ok(stepWithSchema(name), `definitions.${def} exists`);
    const branch = step.allOf.find((b) => b.if.properties.type.const === name);
    assert.equal(branch?.then.properties.with.$ref, `#/definitions/${def}`, `definitions.step.allOf has the if/then branch for ${name}`);
    assert.ok(step.properties.type.enumDescriptions[step.properties.type.enum.indexOf(name)], `enumDescriptions has a line for ${name}`);
    assert.match(schema['x-ansflow-step-examples'][name] ?? '', new RegExp(`^type: ${name.replace('.', '\\.')}\\n`), `x-ansflow-step-examples.${name}`);
    if (SCHEMA_AHEAD_OF_REGISTRY.includes(name)) continue;
    assert.equal(types.get(name)?.type, name, `${name} loads a step type of that name`);
  }
});
