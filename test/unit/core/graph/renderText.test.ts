// (unit) dot and Mermaid text of the graph model: needs edges, a matrix count, the finally section, cycle edges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePipeline } from '../../../../src/core/pipeline/index.js';
import { buildGraphModel, graphModelToDot, graphModelToMermaid } from '../../../../src/core/graph/index.js';

const TEXT = `version: 1
name: demo "x"
steps:
  lint:
    type: shell
    with: { run: echo lint }
  test:
    name: Unit tests
    type: shell
    needs: [lint]
    matrix:
      node: [18, 20, 22]
    with: { run: echo test }
  a-b:
    type: shell
    needs: [test, c]
    with: { run: echo a-b }
  c:
    type: shell
    needs: [a-b]
    with: { run: echo c }
finally:
  notify:
    type: shell
    with: { run: echo done }
`;

const model = () => buildGraphModel(parsePipeline(TEXT));

test('(unit) graph text: dot puts finally steps in a dashed cluster, shows the matrix count, colours cycle edges', () => {
  assert.equal(
    graphModelToDot(model()),
    `digraph "demo \\"x\\"" {
  rankdir=LR;
  node [shape=box, style=rounded];
  "lint" [label="lint\\nshell"];
  "test" [label="Unit tests\\nshell ×3"];
  "a-b" [label="a-b\\nshell"];
  "c" [label="c\\nshell"];
  subgraph "cluster_finally" {
    label="finally";
    style=dashed;
    "notify" [label="notify\\nshell", style="rounded,dashed"];
  }
  "lint" -> "test";
  "test" -> "a-b";
  "c" -> "a-b" [color=red];
  "a-b" -> "c" [color=red];
}
`,
  );
});

test('(unit) graph text: mermaid puts finally steps in a subgraph, sanitises ids, styles cycle edges', () => {
  assert.equal(
    graphModelToMermaid(model()),
    `flowchart LR
  s_lint["lint<br/><small>shell</small>"]
  s_test["Unit tests<br/><small>shell ×3</small>"]
  s_a_b["a-b<br/><small>shell</small>"]
  s_c["c<br/><small>shell</small>"]
  subgraph finally_section [finally]
    s_notify(["notify<br/><small>shell</small>"])
  end
  s_lint --> s_test
  s_test --> s_a_b
  s_c --> s_a_b
  s_a_b --> s_c
  linkStyle 2 stroke:red
  linkStyle 3 stroke:red
`,
  );
});

test('(unit) graph text: no finally section and the default digraph name when the pipeline has neither', () => {
  const m = buildGraphModel(parsePipeline('version: 1\nsteps:\n  one:\n    type: shell\n    with: { run: echo }\n'));
  const dot = graphModelToDot(m);
  assert.match(dot, /^digraph "pipeline" \{/);
  assert.doesNotMatch(dot, /cluster_finally/);
  assert.doesNotMatch(graphModelToMermaid(m), /subgraph/);
});

test('(unit) graph text: jobs are labelled clusters (dot) and subgraphs (mermaid) around their steps, with the matrix count', () => {
  const parsed = parsePipeline(`version: 1
steps:
  lint: { type: shell, with: { run: x } }
jobs:
  test:
    name: Tests "all"
    needs: lint
    matrix: { node: [18, 20] }
    steps:
      build: { type: shell, with: { run: x } }
      unit: { type: shell, with: { run: x } }
  ship:
    needs: test
    steps:
      upload: { type: shell, with: { run: x } }
`);
  const m = buildGraphModel(parsed);
  const dot = graphModelToDot(m);
  assert.match(dot, /\n {2}"lint" \[label="lint\\nshell"\];\n {2}subgraph "cluster_job_0" \{\n {4}label="Tests \\"all\\" ×2";\n {4}"build" \[[^\n]*\n {4}"unit" \[[^\n]*\n {2}\}\n {2}subgraph "cluster_job_1" \{\n {4}label="ship";\n {4}"upload" \[[^\n]*\n {2}\}\n/);
  const mermaid = graphModelToMermaid(m);
  assert.match(mermaid, /\n {2}s_lint\[[^\n]*\n {2}subgraph job_0 \["Tests #quot;all#quot; ×2"\]\n {4}s_build\[[^\n]*\n {4}s_unit\[[^\n]*\n {2}end\n {2}subgraph job_1 \["ship"\]\n {4}s_upload\[[^\n]*\n {2}end\n/);
  // Every step is declared once, inside its job only.
  assert.equal(dot.match(/"upload" \[/g)?.length, 1);
  assert.equal(mermaid.match(/s_upload\[/g)?.length, 1);
});
