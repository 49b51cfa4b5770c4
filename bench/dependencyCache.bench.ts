// Dependency cache (#18): save and restore of a node_modules-like folder (many small files), against
// `tar -czf` / `tar -xzf` of the same folder in the same run (the system tar is the baseline).
// Restore is timed both ways the cache can take: through the system's GNU tar (listing check, then
// unpack) and through the tar-fs fallback.
//   node --import tsx bench/dependencyCache.bench.ts [files] [kib-per-file]
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { DependencyCache } from "../src/core/runner/cache/dependencyCache.js";

async function main(): Promise<void> {
  const files = Number(process.argv[2] ?? 5000);
  const kib = Number(process.argv[3] ?? 2);
  const root = mkdtempSync(join(tmpdir(), "ansflow-depcache-bench-"));
  const ws = join(root, "ws");
  for (let i = 0; i < files; i++) {
    const dir = join(ws, "node_modules", `pkg${i % 250}`, "lib");
    mkdirSync(dir, { recursive: true });
    // Half random (incompressible), half text: roughly what packages hold.
    writeFileSync(
      join(dir, `f${i}.js`),
      Buffer.concat([randomBytes(kib * 512), Buffer.alloc(kib * 512, "a")]),
    );
  }
  const ms = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;
  const cache = new DependencyCache(join(root, "store"));

  let t = process.hrtime.bigint();
  const entry = (await cache.save(ws, "bench", ["node_modules"]))!;
  const save = ms(t);
  t = process.hrtime.bigint();
  await cache.restore(join(root, "into"), "bench", []);
  const restore = ms(t);
  t = process.hrtime.bigint();
  await new DependencyCache(join(root, "store"), undefined, { systemTar: false }).restore(join(root, "into-tar-fs"), "bench", []);
  const restoreTarFs = ms(t);

  t = process.hrtime.bigint();
  execFileSync("tar", [
    "-czf",
    join(root, "sys.tar.gz"),
    "-C",
    ws,
    "node_modules",
  ]);
  const tarSave = ms(t);
  mkdirSync(join(root, "into2"));
  t = process.hrtime.bigint();
  execFileSync("tar", [
    "-xzf",
    join(root, "sys.tar.gz"),
    "-C",
    join(root, "into2"),
  ]);
  const tarRestore = ms(t);

  console.log(
    `${files} files, ${((files * kib) / 1024).toFixed(1)} MiB, archive ${(entry.size / 1024 / 1024).toFixed(1)} MiB`,
  );
  console.log(
    `save    ${save.toFixed(0)} ms   (system tar -czf ${tarSave.toFixed(0)} ms, ratio ${(save / tarSave).toFixed(2)})`,
  );
  console.log(
    `restore ${restore.toFixed(0)} ms   through GNU tar (system tar -xzf ${tarRestore.toFixed(0)} ms, ratio ${(restore / tarRestore).toFixed(2)}; includes the listing check)`,
  );
  console.log(
    `restore ${restoreTarFs.toFixed(0)} ms   through tar-fs, the fallback (ratio ${(restoreTarFs / tarRestore).toFixed(2)}; includes the traversal check pass)`,
  );
  rmSync(root, { recursive: true, force: true });
}

void main();
