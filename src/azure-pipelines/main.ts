// The task's entry point, exported for tests; index.ts calls it.

import { runStep } from '../core/run.js';
import { createAzurePipelinesHost } from './host.js';

export async function run(): Promise<void> {
  await runStep(createAzurePipelinesHost());
}
