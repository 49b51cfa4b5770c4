import { processIO } from './CliCommand.js';
import { runCli } from './runCli.js';

runCli(process.argv.slice(2), processIO()).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`ansflow: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 3;
  },
);
