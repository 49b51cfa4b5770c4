import { processIO } from './CliCommand.js';
import { internalErrorText } from './command/index.js';
import { runCli } from './runCli.js';

// Errors that escape the command (a stream's 'error' event, a stray rejection) get the same one
// line as errors inside it; Node's default would print a stack trace to the user.
const debug = process.argv.includes('--debug') || !!process.env.ANSFLOW_DEBUG;
const fatal = (e: unknown): void => {
  process.stderr.write(debug && e instanceof Error && e.stack ? `${e.stack}\n` : internalErrorText(e));
  process.exit(3);
};
// A closed pipe (`ansflow validate … | head`) is the reader's choice, not an error to report.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  fatal(e);
});
process.on('uncaughtException', fatal);
process.on('unhandledRejection', fatal);

runCli(process.argv.slice(2), processIO()).then(
  (code) => {
    process.exitCode = code;
  },
  fatal,
);
