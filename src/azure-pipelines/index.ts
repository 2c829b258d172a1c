import { run } from '../core/run.js';
import { createAzurePipelinesHost } from './host.js';

await run(createAzurePipelinesHost());
