import { parsePipeline } from '../src/core/pipeline/index.js';
import { graphInputs } from '../src/core/pipeline/validate/graphInputs.js';
const CHAIN = ['version: 1', 'jobs:', '  j:', '    steps:', '      c1:', '        type: shell', '        outputs: { x: y }', '        with:', '          run: echo 1', '      c2:', '        type: shell', '        with:', '          run: echo 2', '      c3:', '        type: shell', '        with:', '          run: echo ${{ steps.c1.outputs.x }}', ''].join('\n');
const e = CHAIN.replace('          run: echo 2\n', '          run: echo 2\n        needs: []\n');
for (const t of [CHAIN, e]) { const p = parsePipeline(t, { file: '/x.yaml' }); console.log(JSON.stringify(graphInputs(p.pipeline)), p.diagnostics.map((d) => d.message)); }
