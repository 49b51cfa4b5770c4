import type { CliCommand } from '../CliCommand.js';
import { versionCommand } from './version.js';
import { validateCommand } from './validate.js';
import { graphCommand } from './graph.js';
import { inventoryCommand } from './inventory.js';
import { runCommand } from './run.js';
import { planCommand } from './plan.js';
import { historyCommand } from './history.js';
import { logsCommand } from './logs.js';
import { scanCommand } from './scan.js';
import { completionCommand } from './completion.js';
import { initCommand } from './init.js';
import { auditCommand } from './audit.js';
import { cacheCommand } from './cache.js';
import { importCommand } from './import.js';

/**
 * Every subcommand, in the order `ansflow --help` lists them. A new command is one file in this
 * folder exporting `defineCommand({...})`, plus its entry here (and its row in docs/cli.md, which a
 * test checks against its exit codes).
 */
export const COMMANDS: CliCommand[] = [versionCommand, validateCommand, graphCommand, runCommand, planCommand, historyCommand, logsCommand, inventoryCommand, scanCommand, initCommand, importCommand, auditCommand, cacheCommand, completionCommand];
