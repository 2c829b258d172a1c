#!/usr/bin/env node
// The bundle's entry point (dist/cli/index.js), which the bin/ launchers run; the shebang serves package.json's
// `bin`, through which npm and npx link it.

import { run } from './main.js';

process.exitCode = await run();
