// The bundle's entry point (dist/cli/index.js), which the bin/ launchers run.

import { run } from './main.js';

process.exitCode = await run();
