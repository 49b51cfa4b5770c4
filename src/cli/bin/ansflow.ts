// The `ansflow` executable (dist/cli.js): starts the CLI bundle through the V8 code cache.
// ANSFLOW_NO_COMPILE_CACHE=1 compiles the bundle from source every time.
import { join } from 'node:path';
import { runBundle } from './compileCache.js';

runBundle(join(__dirname, 'cli-main.js'));
