// The test side of emulator-process.ts: starts it and talks to it.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { LoggedRequest } from '../../../emulator/http.js';
import { ROOT } from '../../../scripts/manifests.js';

export interface RemoteEmulator {
  readonly url: string;
  readonly caFile: string;
  clear(): Promise<void>;
  requests(): Promise<LoggedRequest[]>;
  /** The claims of a token the emulator issued; rejects for any other. */
  verify(token: string): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startRemoteEmulator(): Promise<RemoteEmulator> {
  // tsx runs the TypeScript helper; `--import tsx` resolves from the repository root.
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, '__tests__/azure-pipelines/L0/emulator-process.ts')],
    { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let ready: (address: { url: string; caFile: string }) => void;
  let failed: (error: Error) => void;
  const address = new Promise<{ url: string; caFile: string }>((resolve, reject) => {
    ready = resolve;
    failed = reject;
  });
  const exited = new Promise<void>((resolve) =>
    child.on('exit', (code) => {
      const error = new Error(`The emulator process exited (${code}): ${stderr}`);
      failed(error);
      for (const call of pending.values()) call.reject(error);
      resolve();
    }),
  );
  createInterface({ input: child.stdout }).on('line', (line) => {
    const message = JSON.parse(line) as {
      id?: number;
      result?: unknown;
      error?: string;
      url?: string;
      caFile?: string;
    };
    if (message.id === undefined) return ready({ url: message.url!, caFile: message.caFile! });
    const call = pending.get(message.id);
    pending.delete(message.id);
    if (message.error !== undefined) call?.reject(new Error(message.error));
    else call?.resolve(message.result);
  });

  let nextId = 0;
  const call = <T>(op: string, args: Record<string, unknown> = {}): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.stdin.write(`${JSON.stringify({ id, op, ...args })}\n`);
    });

  const { url, caFile } = await address;
  return {
    url,
    caFile,
    clear: () => call<null>('clear').then(() => undefined),
    requests: () => call<LoggedRequest[]>('requests'),
    verify: (token) => call<Record<string, unknown>>('verify', { token }),
    async close() {
      child.stdin.end();
      await exited;
    },
  };
}
