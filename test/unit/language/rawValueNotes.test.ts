import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hover, SchemaNavigator } from '../../../src/language/index.js';
import { analyze } from './fixtures/analyze.js';
import { miniSchema } from './fixtures/miniSchema.js';

const nav = new SchemaNavigator(miniSchema);

test('(unit) hover on a ${{ }} in a tool step key the step substitutes itself explains how the value gets there', () => {
  const text = `version: 1
params:
  v: x
steps:
  d:
    type: docker.run
    with:
      image: busybox
      command: echo \${{ params.v }}
  h:
    type: helm.upgrade
    with:
      release: r
      chart: c
      set:
        a: \${{ params.v }}
  p:
    type: ansible.playbook
    with:
      playbook: p.yml
      extraVars:
        v: \${{ params.v }}
  t:
    type: file
    with:
      action: template
      dest: out.txt
      content: hi \${{ params.v }}
`;
  const a = analyze(text);
  const at = (n: number) => hover(a, nav, text.split('params.v }}').slice(0, n).join('params.v }}').length + 3)?.markdown ?? '';
  assert.match(at(1), /Values never become code[\s\S]*exactly one argument/);
  assert.match(at(2), /escaped for `--set`/);
  assert.match(at(3), /!unsafe/);
  assert.match(at(4), /inserted once and never evaluated again/);
});
