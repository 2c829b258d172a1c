// The silent server accepts connections and never speaks, so a TLS client waits for a handshake that never comes.

import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Agent, request } from 'undici';
import { SilentServer } from '../helpers/silent-server.js';

let silent: SilentServer | undefined;
afterEach(async () => {
  await silent?.close();
  silent = undefined;
});

describe('SilentServer', () => {
  it('listens on a random loopback port, with an https URL', async () => {
    silent = await SilentServer.start();
    expect(silent.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(Number(new URL(silent.url).port)).toBeGreaterThan(0);
  });

  it('accepts a connection, never writes a byte, and closes it on close()', async () => {
    silent = await SilentServer.start();
    const socket = connect(Number(new URL(silent.url).port), '127.0.0.1');
    let received = 0;
    socket.on('data', (chunk: Buffer) => (received += chunk.length));
    socket.on('error', () => undefined);
    await new Promise((resolve) => socket.once('connect', resolve));
    // A TLS ClientHello's first bytes: the server does not answer it.
    socket.write(Buffer.from([0x16, 0x03, 0x01, 0x00, 0x05]));
    await until(() => silent!.connections === 1);
    const closed = new Promise((resolve) => socket.once('close', resolve));
    await silent.close();
    await closed;
    expect(received).toBe(0);
    expect(silent.connections).toBe(0);
    silent = undefined;
  });

  it('leaves a TLS client waiting for the handshake until its own deadline', async () => {
    silent = await SilentServer.start();
    const agent = new Agent({ connect: { timeout: 200 } });
    try {
      await expect(request(silent.url, { dispatcher: agent })).rejects.toMatchObject({
        code: 'UND_ERR_CONNECT_TIMEOUT',
      });
    } finally {
      await agent.close();
    }
  });
});

/** Waits, a turn of the event loop at a time, until `condition` holds. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}
