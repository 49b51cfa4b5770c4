// Writes a short Markdown report from the numbers passed by earlier steps (used by data-pipeline).
import { mkdirSync, writeFileSync } from 'node:fs';

const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? '';
const outDir = process.env.OUT_DIR ?? 'out/data';
const files = arg('files').split(',').filter(Boolean);
const report = [
  '# Sales data report',
  '',
  `- source rows: ${arg('source-rows')}`,
  `- rows in JSON outputs: ${arg('json-rows')}`,
  `- files: ${files.join(', ') || 'none'}`,
  '',
].join('\n');
mkdirSync(outDir, { recursive: true });
writeFileSync(`${outDir}/report.md`, report);
console.log(report);
