// The run summary through the built bundles: the token's claims at a glance (never the token), a warning when
// the app holds no application permission on the resource, and a plain note for opaque tokens.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HOSTS, runOn, type Inputs } from '../helpers/scenario.js';
import { APPS, createWorld, SECRET, TENANT_ID, type World } from '../helpers/world.js';

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => world?.close());
beforeEach(() => world.emulator.clear());

describe.each(HOSTS)('%s run summary', (host) => {
  const run = (client: string, inputs: Inputs = {}) =>
    runOn(
      host,
      { method: 'secret', tenant: TENANT_ID, client, secret: SECRET, authority: world.emulator.url, ...inputs },
      { caFile: world.emulator.caFile },
    );

  it('shows audience, tenant, application, roles, credential, times and attempts, and not the token', async () => {
    const outcome = await run(APPS.secret);
    expect(outcome.succeeded).toBe(true);
    const claims = await world.emulator.verify(outcome.token!);
    const issued = new Date((claims.iat as number) * 1000).toISOString().replace('.000Z', 'Z');
    const expires = new Date((claims.exp as number) * 1000).toISOString().replace('.000Z', 'Z');
    for (const row of [
      '| Audience (`aud`) | https://graph.microsoft.com |',
      `| Tenant (\`tid\`) | ${TENANT_ID} |`,
      `| Application (\`appid\`) | ${APPS.secret} (deploy-bot) |`,
      '| Application roles (`roles`) | User.Read.All |',
      '| Credential | client secret |',
      `| Issued (UTC) | ${issued} |`,
      `| Expires (UTC) | ${expires} |`,
    ]) {
      expect(outcome.summary).toContain(row);
    }
    expect(outcome.summary).toMatch(/\| Acquired in \| \d+\.\d\d s, 1 attempt \|/);
    expect(outcome.summary).not.toContain(outcome.token!.split('.')[1]);
    expect(outcome.warnings).toEqual([]);
  });

  it('warns, in the log and the summary, when the token carries no application roles', async () => {
    const outcome = await run(APPS.noRoles);
    expect(outcome.succeeded).toBe(true);
    expect(outcome.token).toBeTruthy();
    expect(outcome.warnings).toHaveLength(1);
    expect(outcome.warnings[0]).toMatch(/no 'roles' claim.*https:\/\/graph\.microsoft\.com.*401 or 403/);
    expect(outcome.warnings[0]).toMatch(/application permission.*admin consent/);
    expect(outcome.summary).toContain('| Application roles (`roles`) | **none** |');
    expect(outcome.summary).toContain('> [!WARNING]');
  });

  it('says an opaque token has no claims to show, and still hands it over', async () => {
    const outcome = await run(APPS.opaque);
    expect(outcome.succeeded).toBe(true);
    expect(outcome.token).toMatch(/^opaque-/);
    expect(outcome.summary).toMatch(/not a JWT/);
    expect(outcome.summary).not.toContain('| Claim |');
    expect(outcome.warnings).toEqual([]);
  });
});
