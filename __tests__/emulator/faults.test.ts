// The faults any endpoint can be given: a huge streamed body, and an answer of the test's choosing.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { APPS, call, SECRET, startLab, TENANT_ID, type Lab } from './lab.js';

let lab: Lab;
beforeAll(async () => {
  lab = await startLab();
});
afterAll(async () => lab?.close());
beforeEach(() => lab.emulator.clear());

const tokenUrl = () => `${lab.emulator.url}/${TENANT_ID}/oauth2/v2.0/token`;
const FORM = {
  grant_type: 'client_credentials',
  client_id: APPS.secret,
  client_secret: SECRET,
  scope: 'https://graph.microsoft.com/.default',
};
const post = () =>
  request(tokenUrl(), {
    dispatcher: lab.agent,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(FORM).toString(),
  });

describe('huge-body', () => {
  it('streams a token response of exactly the size asked, valid JSON once complete', async () => {
    const bytes = 8 * 1024 * 1024 + 7;
    lab.emulator.inject('token', { kind: 'huge-body', bytes });
    const response = await post();
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-length']).toBeUndefined();
    let received = 0;
    let chunks = 0;
    let start = '';
    let end = '';
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      if (chunks === 0) start = chunk.subarray(0, 20).toString();
      end = (end + chunk.toString()).slice(-4);
      received += chunk.length;
      chunks += 1;
    }
    expect(received).toBe(bytes);
    expect(chunks).toBeGreaterThan(1);
    expect(start).toBe('{"token_type":"Beare');
    expect(end).toBe('AA"}');
    expect(lab.emulator.requests[0]).toMatchObject({ endpoint: 'token', fault: 'huge-body', status: 200 });
  });

  it('streams a body too large to hold in memory, and answers the next request after the client hangs up', async () => {
    // Far more than the emulator could hold in memory: only a streamed body can start at all.
    lab.emulator.inject('token', { kind: 'huge-body', bytes: 64 * 1024 * 1024 * 1024 });
    const response = await post();
    let received = 0;
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      received += chunk.length;
      if (received >= 1024 * 1024) break;
    }
    expect(received).toBeGreaterThanOrEqual(1024 * 1024);
    const next = await call(lab, tokenUrl(), { form: FORM });
    expect(next.status).toBe(200);
    expect(next.json?.access_token).toEqual(expect.any(String));
  });
});

describe('answer', () => {
  it.each([
    ['without access_token', { token_type: 'Bearer', expires_in: 3599 }],
    ['with a negative expires_in', { token_type: 'Bearer', expires_in: -5, access_token: 'a.b.c' }],
    ['with an enormous expires_in', { token_type: 'Bearer', expires_in: 1e20, access_token: 'a.b.c' }],
    ['without expires_in', { token_type: 'Bearer', access_token: 'a.b.c' }],
  ])('returns a token response %s as given', async (_case, body) => {
    lab.emulator.inject('token', { kind: 'answer', status: 200, body });
    const reply = await call(lab, tokenUrl(), { form: FORM });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    expect(reply.json).toEqual(body);
    expect(lab.emulator.requests[0]).toMatchObject({ fault: 'answer', status: 200 });
  });

  it('sends the status and headers given, on any endpoint', async () => {
    lab.emulator.inject('github-oidc', {
      kind: 'answer',
      status: 429,
      body: { message: 'slow down' },
      headers: { 'Retry-After': '7', 'x-ms-request-id': 'fault-1' },
    });
    const reply = await call(lab, `${lab.emulator.githubIssuer}/token`);
    expect(reply.status).toBe(429);
    expect(reply.headers['retry-after']).toBe('7');
    expect(reply.headers['x-ms-request-id']).toBe('fault-1');
    expect(reply.json).toEqual({ message: 'slow down' });
    expect(lab.emulator.count('github-oidc')).toBe(1);
  });
});
