// The action's entry point, exported for @github/local-action and the tests; index.ts calls it.

import { runStep } from '../core/run.js';
import { createGitHubHost } from './host.js';

export async function run(): Promise<void> {
  await runStep(createGitHubHost());
}
