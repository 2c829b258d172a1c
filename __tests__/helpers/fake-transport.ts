// An HTTP transport that answers from a script instead of the network, for unit tests of the core's middle.

import type { NetworkSettings } from '../../src/core/network-settings.js';
import type { HttpTransport, OpenTransport, Response } from '../../src/core/transport.js';

export interface SentRequest {
  readonly method: string;
  readonly url: string;
  readonly body?: string;
  readonly headers?: Record<string, string>;
}

/** An answer, or a function that throws the way the real transport does (an AttemptFailed). */
export type Scripted = { status: number; body: unknown; headers?: Record<string, string> } | (() => never);

export class FakeNetwork {
  readonly sent: SentRequest[] = [];
  readonly opened: { deadline: number; network: NetworkSettings }[] = [];
  closed = 0;
  private readonly script = new Map<string, Scripted[]>();

  /** Answers for URLs that contain `fragment`, in order; the last one repeats. */
  on(fragment: string, ...answers: Scripted[]): this {
    this.script.set(fragment, answers);
    return this;
  }

  readonly open: OpenTransport = (network, deadline) => {
    this.opened.push({ deadline, network });
    let requests = 0;
    const transport: HttpTransport = {
      send: async (method, url, options = {}) => {
        requests += 1;
        this.sent.push({ method, url, body: options.body, headers: options.headers });
        const entry = [...this.script.entries()].find(([fragment]) => url.includes(fragment));
        if (!entry) throw new Error(`no scripted answer for ${url}`);
        const answers = entry[1];
        const answer = answers.length > 1 ? answers.shift()! : answers[0]!;
        if (typeof answer === 'function') answer();
        const scripted = answer as Exclude<Scripted, () => never>;
        return {
          status: scripted.status,
          headers: scripted.headers ?? {},
          text: typeof scripted.body === 'string' ? scripted.body : JSON.stringify(scripted.body),
        } satisfies Response;
      },
      route: () => 'direct',
      get requests() {
        return requests;
      },
      close: async () => {
        this.closed += 1;
      },
    };
    return transport;
  };
}
