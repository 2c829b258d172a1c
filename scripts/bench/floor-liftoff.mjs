// The floor without V8's background optimising compile of fetch's WebAssembly HTTP parser, which a process
// waits for before it exits: the same choice the bundles make (src/core/undici.ts).
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--liftoff-only');
await import('./floor.mjs');
