import { describe, expect, it } from 'vitest';
import { chooseCredential, type Environment } from '../../src/cli/credential-choice.js';

const GITHUB = { ACTIONS_ID_TOKEN_REQUEST_URL: 'https://gh.example/token', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'bearer' };
const ADO = {
  TF_BUILD: 'True',
  SYSTEM_OIDCREQUESTURI: 'https://dev.azure.com/org/_apis/oidctoken',
  SYSTEM_ACCESSTOKEN: 'system-token',
};

const choose = (env: Environment, flags = {}) => chooseCredential(flags, env);
const refusal = (env: Environment, flags = {}): string => {
  expect(() => choose(env, flags)).toThrow();
  try {
    choose(env, flags);
  } catch (error) {
    return (error as Error).message;
  }
  return '';
};

describe('which credential', () => {
  it('takes --auth-type first, whatever the environment holds', () => {
    expect(choose({ AZURE_CLIENT_SECRET: 's' }, { 'auth-type': 'managed-identity' })).toEqual({
      method: 'managed-identity',
      label: '--auth-type',
    });
  });

  it('reads the environment as @azure/identity does: secret, then certificate, then federated token file', () => {
    const all = { AZURE_CLIENT_SECRET: 's', AZURE_CLIENT_CERTIFICATE_PATH: 'c.pem', AZURE_FEDERATED_TOKEN_FILE: '/t' };
    expect(choose(all)).toMatchObject({ method: 'secret', label: 'AZURE_CLIENT_SECRET' });
    expect(choose({ ...all, AZURE_CLIENT_SECRET: '' })).toMatchObject({ method: 'certificate' });
    expect(choose({ AZURE_FEDERATED_TOKEN_FILE: '/t', ...GITHUB })).toEqual({
      method: 'oidc',
      label: 'AZURE_FEDERATED_TOKEN_FILE',
      federated: { kind: 'file', path: '/t' },
    });
  });

  it("takes the contract's order: a secret first, then a certificate, the --certificate flag before the variable", () => {
    expect(choose({ AZURE_CLIENT_SECRET: 's' }, { certificate: 'c.pem' })).toMatchObject({ method: 'secret' });
    expect(choose({ AZURE_CLIENT_CERTIFICATE_PATH: 'env.pem' }, { certificate: 'c.pem' })).toMatchObject({
      method: 'certificate',
      label: '--certificate',
    });
    expect(choose({ AZURE_CLIENT_SECRET: 's' }, { 'auth-type': 'auto' })).toMatchObject({ method: 'secret' });
  });

  it('falls back to what the step recorded, before the host OIDC', () => {
    expect(choose({ ENTRA_TOKEN_AUTH_TYPE: 'managed-identity', ...GITHUB })).toEqual({
      method: 'managed-identity',
      label: 'ENTRA_TOKEN_AUTH_TYPE',
    });
    expect(choose({ ENTRA_TOKEN_AUTH_TYPE: 'oidc', ...GITHUB })).toMatchObject({
      method: 'oidc',
      federated: { kind: 'github', url: GITHUB.ACTIONS_ID_TOKEN_REQUEST_URL },
    });
  });

  it('says a recorded secret or certificate must be mapped again, as the step recorded nothing secret', () => {
    expect(refusal({ ENTRA_TOKEN_AUTH_TYPE: 'secret' })).toMatch(/records nothing secret.*set AZURE_CLIENT_SECRET/);
    expect(refusal({ ENTRA_TOKEN_AUTH_TYPE: 'certificate' })).toMatch(/AZURE_CLIENT_CERTIFICATE_PATH/);
    expect(choose({ ENTRA_TOKEN_AUTH_TYPE: 'secret', AZURE_CLIENT_SECRET: 's' })).toMatchObject({ method: 'secret' });
  });

  it('uses GitHub OIDC, then Azure DevOps workload identity', () => {
    expect(choose({ ...GITHUB, ...ADO, AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: 'c' }).federated?.kind).toBe('github');
    expect(choose({ ...ADO, AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: 'conn' }).federated).toEqual({
      kind: 'azure-devops',
      uri: ADO.SYSTEM_OIDCREQUESTURI,
      bearer: 'system-token',
      connectionId: 'conn',
      connectionSource: 'AZURESUBSCRIPTION_SERVICE_CONNECTION_ID',
    });
    expect(choose({ ...ADO, ENTRA_TOKEN_SERVICE_CONNECTION_ID: 'rec' }).federated).toMatchObject({
      connectionId: 'rec',
      connectionSource: 'ENTRA_TOKEN_SERVICE_CONNECTION_ID',
    });
  });

  it('tells an Azure Pipelines user to map SYSTEM_ACCESSTOKEN into the step', () => {
    const env = {
      ...ADO,
      SYSTEM_ACCESSTOKEN: '',
      ENTRA_TOKEN_AUTH_TYPE: 'oidc',
      ENTRA_TOKEN_SERVICE_CONNECTION_ID: 'c',
    };
    expect(refusal(env)).toContain('env: SYSTEM_ACCESSTOKEN: $(System.AccessToken)');
    expect(refusal({ ...ADO })).toMatch(/No credential found\. No service connection ID/);
  });

  it('tells a GitHub user about id-token: write, and anyone else what to set', () => {
    expect(refusal({ GITHUB_ACTIONS: 'true' })).toMatch(/^No credential found\..*permissions: id-token: write/);
    expect(refusal({}, { 'auth-type': 'oidc' })).toMatch(/'--auth-type' is 'oidc', but this job has no OIDC token/);
    expect(refusal({})).toMatch(/AZURE_CLIENT_SECRET.*--auth-type managed-identity/);
  });

  it('treats a blank variable as unset, as a step clears a recorded one', () => {
    expect(choose({ AZURE_CLIENT_SECRET: ' ', ENTRA_TOKEN_AUTH_TYPE: 'managed-identity' }).method).toBe(
      'managed-identity',
    );
  });
});
