// A host that accepts TCP connections and never says a word: no TLS handshake, no HTTP, no close. Stands in for a
// firewall or a wedged server, where only the client's own deadline can end the wait.

import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export class SilentServer {
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<SilentServer> {
    const server = createServer();
    const silent = new SilentServer(server);
    server.on('connection', (socket) => {
      silent.sockets.add(socket);
      socket.on('close', () => silent.sockets.delete(socket));
      // A client that gives up may reset the connection; that is no error here.
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return silent;
  }

  /** `https://127.0.0.1:PORT`: where a client would expect a TLS server. */
  get url(): string {
    return `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Connections accepted and still open. */
  get connections(): number {
    return this.sockets.size;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
