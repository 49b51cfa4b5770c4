// A node:test reporter that writes, as JSON, how many tests each file reported, so runNodeTests.mjs can
// fail a file that declares none (an empty or fully commented-out file otherwise shows up as one pass).
// Node 20 reports a file without tests as a passing test named after the file itself; that one is not
// counted. A skipped test or suite (an engine absent outside CI) is still a test and is counted.
export default async function* countTests(source) {
  const counts = {};
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { file, name } = event.data;
    if (!file) continue;
    counts[file] ??= 0;
    if (name !== file) counts[file] += 1;
  }
  yield JSON.stringify(counts);
}
