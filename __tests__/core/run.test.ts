// The step as a whole on a fake host: what it publishes, masks, summarises and records, and how it fails.

import { describe, expect, it } from 'vitest';
import { runStep } from '../../src/core/run.js';
import { FakeHost } from '../helpers/fake-host.js';
import { FakeNetwork } from '../helpers/fake-transport.js';

const base = {
  'tenant-id': '72f988bf-86f1-41af-91ab-2d7cd011db47',
  'client-id': '11111111-1111-4111-8111-111111111111',
  'client-secret': 'secret-value-123',
};
const jwt = (claims: Record<string, unknown>): string =>
  ['{"alg":"none"}', JSON.stringify(claims), 'sig'].map((part) => Buffer.from(part).toString('base64url')).join('.');

describe('runStep', () => {
  it('masks the token before publishing it, summarises its claims and records the non-secret settings', async () => {
    const token = jwt({ aud: 'https://graph.microsoft.com', roles: ['User.Read.All'] });
    const network = new FakeNetwork().on('/token', { status: 200, body: { access_token: token, expires_in: 3600 } });
    const host = new FakeHost({ ...base, 'export-variable': 'GRAPH_TOKEN' });
    await runStep(host, { openTransport: network.open });
    expect(host.failure).toBeUndefined();
    expect(host.secrets).toEqual(['secret-value-123', token]);
    expect(host.published).toMatchObject({
      token: { accessToken: token, tokenType: 'Bearer' },
      variableName: 'GRAPH_TOKEN',
    });
    expect(host.summaries[0]).toContain('| Application roles (`roles`) | User.Read.All |');
    expect(host.summaries[0]).not.toContain(token);
    expect(host.installed).toEqual({
      authType: 'secret',
      clientId: base['client-id'],
      tenantId: base['tenant-id'],
      authorityHost: 'https://login.microsoftonline.com',
    });
  });

  it('records nothing and adds nothing to PATH with install-cli false', async () => {
    const network = new FakeNetwork().on('/token', { status: 200, body: { access_token: 'opaque', expires_in: 60 } });
    const host = new FakeHost({ ...base, 'install-cli': 'false' });
    await runStep(host, { openTransport: network.open });
    expect(host.failure).toBeUndefined();
    expect(host.installed).toBeUndefined();
  });

  it('fails once, with the message and no stack, publishing nothing', async () => {
    const host = new FakeHost({ ...base, scope: 'https://graph.microsoft.com/User.Read.All' });
    await runStep(host, { openTransport: new FakeNetwork().open });
    expect(host.failure).toMatch(/delegated permission/);
    expect(host.failure).not.toMatch(/\n\s+at /);
    expect(host.published).toBeUndefined();
  });
});
