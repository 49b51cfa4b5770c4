// (unit) `ansflow graph --format json` comes from the editor's model: for every example, the same steps,
// layers and cycles as the pipeline's DAG, each node's needs (written plus a job's implicit ones), matrix instances, template and finally flag
// as written, its layer and order from the model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildGraph, dependsOn, expandMatrix, parsePipeline } from '../../../../src/core/pipeline/index.js';
import { buildGraphModel, graphModelToJson } from '../../../../src/core/graph/index.js';

const examples = readdirSync('examples').filter((f) => f.endsWith('.ansflow.yaml'));

test('(unit) graph JSON: every example, drawn from the model, agrees with the pipeline', () => {
  assert.ok(examples.length >= 5);
  let sawMatrix = false;
  let sawUses = false;
  let sawFinally = false;
  let sawImplicit = false;
  for (const f of examples) {
    const file = join(process.cwd(), 'examples', f);
    const parsed = parsePipeline(readFileSync(file, 'utf8'), { file });
    const model = buildGraphModel(parsed);
    const json = graphModelToJson(model);
    const dag = buildGraph(parsed.pipeline);
    assert.deepEqual(json.layers, dag.layers, f);
    assert.deepEqual(json.cycles, dag.cycles, f);
    assert.deepEqual(json.edges, dag.edges.map((e) => ({ from: e.from, to: e.to })), f);
    assert.deepEqual(json.nodes.map((n) => n.id), [...new Set(dag.nodes.map((n) => n.id))], f);
    for (const node of json.nodes) {
      const step = dag.nodes.find((n) => n.id === node.id)!.step;
      // Effective needs: the written ones, then a job's implicit ones (written order, the job's needs).
      const effective = [...new Set(dependsOn(step))].filter((id) => dag.nodes.some((d) => d.id === id));
      assert.deepEqual(node.needs, effective, `${f} ${node.id} needs`);
      sawImplicit ||= (step.implicitNeeds ?? []).some((id) => node.needs.includes(id));
      assert.equal(node.finally, step.isFinally, `${f} ${node.id} finally`);
      assert.deepEqual(node.instances, step.matrix ? expandMatrix(step).map((i) => i.key) : undefined);
      if (step.uses) assert.equal(node.uses, step.uses.value, `${f} ${node.id} uses`);
      assert.equal(node.layer, model.nodes.find((n) => n.id === node.id)!.layer);
      sawMatrix ||= Boolean(node.instances);
      sawUses ||= Boolean(node.uses);
      sawFinally ||= node.finally;
    }
    // Plain JSON: no text offsets (they mean nothing without the editor's buffer).
    assert.doesNotMatch(JSON.stringify(json), /"range"|"idRange"/);
  }
  assert.ok(sawMatrix && sawUses && sawFinally, 'the examples cover matrices, templates and finally');
  assert.ok(sawImplicit, 'the examples cover jobs, whose implicit needs are drawn as edges');
});
