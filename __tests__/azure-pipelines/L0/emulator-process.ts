// The test world's Entra ID emulator in a process of its own. MockTestRunner runs the task with spawnSync, which
// blocks the test process's event loop: an emulator living there could not answer the task. This one prints its
// address as one JSON line, then answers one JSON request per stdin line (clear, requests, verify) until stdin
// closes. Started by remote-emulator.ts.

import { createInterface } from 'node:readline';
import { createWorld } from '../../helpers/world.js';

const world = await createWorld();
const reply = (message: unknown): void => void process.stdout.write(`${JSON.stringify(message)}\n`);
reply({ url: world.emulator.url, caFile: world.emulator.caFile });

for await (const line of createInterface({ input: process.stdin })) {
  const request = JSON.parse(line) as { id: number; op: 'clear' | 'requests' | 'verify'; token?: string };
  try {
    if (request.op === 'clear') {
      world.emulator.clear();
      reply({ id: request.id, result: null });
    } else if (request.op === 'requests') {
      reply({ id: request.id, result: world.emulator.requests });
    } else {
      reply({ id: request.id, result: await world.emulator.verify(request.token ?? '') });
    }
  } catch (error) {
    reply({ id: request.id, error: String(error) });
  }
}
await world.close();
