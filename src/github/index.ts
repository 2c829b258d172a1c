import { run } from '../core/run.js';
import { createGitHubHost } from './host.js';

await run(createGitHubHost());
