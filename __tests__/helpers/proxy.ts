// A CONNECT proxy on loopback, as corporate networks put in front of runners and agents: it logs every
// tunnel, can demand Basic credentials, and only ever connects to loopback addresses.

import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { PROXY_ONLY_HOSTS } from '../../emulator/pki.js';

export interface Tunnel {
  readonly target: string;
  readonly authorization?: string;
}

export class ConnectProxy {
  readonly tunnels: Tunnel[] = [];
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private readonly credentials?: { username: string; password: string },
  ) {}

  static async start(credentials?: { username: string; password: string }): Promise<ConnectProxy> {
    const server = createServer((_req, res) => res.writeHead(405).end());
    const proxy = new ConnectProxy(server, credentials);
    server.on('connection', (socket) => {
      proxy.sockets.add(socket);
      socket.on('close', () => proxy.sockets.delete(socket));
    });
    server.on('connect', (req, client: Socket, head: Buffer) =>
      proxy.tunnel(req.url ?? '', req.headers['proxy-authorization'], client, head),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private tunnel(target: string, authorization: string | undefined, client: Socket, head: Buffer): void {
    this.tunnels.push({ target, authorization });
    const expected = this.credentials
      ? `Basic ${Buffer.from(`${this.credentials.username}:${this.credentials.password}`).toString('base64')}`
      : undefined;
    if (expected && authorization !== expected) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\n\r\n');
      return;
    }
    const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
    if (!['127.0.0.1', 'localhost', ...PROXY_ONLY_HOSTS].includes(host)) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    this.sockets.add(upstream);
    upstream.on('close', () => this.sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
