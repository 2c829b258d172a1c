// The emulated Instance Metadata Service: Azure's answers, its request log, and every fault kind.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import type { Fault } from '../../emulator/server.js';
import { call, IDENTITIES, startLab, TENANT_ID, type Lab } from './lab.js';

let lab: Lab;
beforeAll(async () => {
  lab = await startLab();
});
afterAll(async () => lab?.close());
beforeEach(() => lab.emulator.clear());

const RESOURCE = 'https://management.azure.com/';
const imdsUrl = (query: Record<string, string> = {}) =>
  `${lab.emulator.imdsUrl}/metadata/identity/oauth2/token?${new URLSearchParams({
    'api-version': '2018-02-01',
    resource: RESOURCE,
    ...query,
  })}`;
const imds = (query: Record<string, string> = {}) => call(lab, imdsUrl(query), { headers: { Metadata: 'true' } });

describe('IMDS answers', () => {
  it('issues a token for the system-assigned identity, with string times, and logs the query', async () => {
    const reply = await imds();
    expect(reply.status).toBe(200);
    const body = reply.json!;
    expect(body).toMatchObject({ client_id: IDENTITIES.system, resource: RESOURCE, token_type: 'Bearer' });
    for (const field of ['expires_in', 'expires_on', 'ext_expires_in', 'not_before']) {
      expect(body[field]).toMatch(/^\d+$/);
    }
    expect(Number(body.expires_on) - Number(body.not_before)).toBe(Number(body.expires_in));
    expect(await lab.emulator.verify(body.access_token as string)).toMatchObject({ aud: RESOURCE, tid: TENANT_ID });
    expect(lab.emulator.requests).toEqual([
      expect.objectContaining({
        endpoint: 'imds',
        status: 200,
        query: { 'api-version': '2018-02-01', resource: RESOURCE },
      }),
    ]);
  });

  it('issues a token for a user-assigned identity named by client_id', async () => {
    const reply = await imds({ client_id: IDENTITIES.user });
    expect(reply.json?.client_id).toBe(IDENTITIES.user);
    expect(lab.emulator.requests[0]!.query.client_id).toBe(IDENTITIES.user);
  });

  it('answers 400 "Identity not found" for an unknown user-assigned client_id', async () => {
    const reply = await imds({ client_id: 'cccccccc-cccc-4ccc-8ccc-cccccccccccc' });
    expect(reply.status).toBe(400);
    expect(reply.json).toEqual({ error: 'invalid_request', error_description: 'Identity not found' });
  });

  it('refuses a request without the Metadata header', async () => {
    const reply = await call(lab, imdsUrl());
    expect(reply.status).toBe(400);
    expect(reply.json?.error_description).toBe('Required metadata header not specified');
  });
});

describe('IMDS faults', () => {
  it('answers one injected 503 with Retry-After, then a token', async () => {
    lab.emulator.inject('imds', { kind: 'status', status: 503, retryAfter: '3' });
    const failed = await imds();
    expect(failed.status).toBe(503);
    expect(failed.headers['retry-after']).toBe('3');
    const next = await imds();
    expect(next.status).toBe(200);
    expect(next.json?.access_token).toEqual(expect.any(String));
    expect(lab.emulator.requests.map((entry) => [entry.fault, entry.status])).toEqual([
      ['status', 503],
      [undefined, 200],
    ]);
  });

  it.each<[string, Fault, (reply: Awaited<ReturnType<typeof imds>>) => void]>([
    ['bad-json', { kind: 'bad-json' }, (reply) => expect(reply.json).toBeUndefined()],
    ['empty-200', { kind: 'empty-200' }, (reply) => expect([reply.status, reply.text]).toEqual([200, ''])],
    ['huge-body', { kind: 'huge-body', bytes: 100_000 }, (reply) => expect(reply.text.length).toBe(100_000)],
    [
      'answer',
      { kind: 'answer', status: 200, body: { token_type: 'Bearer', expires_in: '3599' } },
      (reply) => expect(reply.json).toEqual({ token_type: 'Bearer', expires_in: '3599' }),
    ],
  ])('applies %s', async (kind, fault, check) => {
    lab.emulator.inject('imds', fault);
    check(await imds());
    expect(lab.emulator.requests[0]!.fault).toBe(kind);
    expect((await imds()).status).toBe(200);
  });

  it('resets the connection', async () => {
    lab.emulator.inject('imds', { kind: 'reset' });
    await expect(imds()).rejects.toThrow();
    expect(lab.emulator.requests[0]!.fault).toBe('reset');
    expect((await imds()).status).toBe(200);
  });

  it('leaves the request unanswered on hang', async () => {
    lab.emulator.inject('imds', { kind: 'hang' });
    const hung = request(imdsUrl(), { headers: { Metadata: 'true' }, headersTimeout: 200 });
    await expect(hung).rejects.toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT' });
    expect(lab.emulator.requests[0]).toMatchObject({ endpoint: 'imds', fault: 'hang' });
    expect(lab.emulator.requests[0]!.status).toBeUndefined();
    expect((await imds()).status).toBe(200);
  });
});
