import { describe, expect, it } from 'vitest';
import { maskingHost, maskLines } from '../../src/cli/masking.js';
import { createTerminal } from '../../src/cli/terminal.js';
import { captureStreams } from './streams.js';

describe('mask lines', () => {
  it('knows the host from GITHUB_ACTIONS and TF_BUILD as the runner and agent set them', () => {
    expect(maskingHost({ GITHUB_ACTIONS: 'true' })).toBe('github');
    expect(maskingHost({ TF_BUILD: 'True' })).toBe('azure-pipelines');
    expect(maskingHost({ GITHUB_ACTIONS: 'false', TF_BUILD: '' })).toBe('none');
    expect(maskingHost({})).toBe('none');
  });

  it('escapes GitHub command data as the runner expects', () => {
    expect(maskLines('github', 'a%b\r\nc')).toEqual(['::add-mask::a%25b%0D%0Ac']);
    expect(maskLines('github', 'eyJ0.eyJ1.sig')).toEqual(['::add-mask::eyJ0.eyJ1.sig']);
  });

  it('registers each line of a multi-line value with the agent, PEM armour aside', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvAIBADANBgkq%hkiG9w0\nAQEFAASC\n-----END PRIVATE KEY-----\n';
    expect(maskLines('azure-pipelines', pem)).toEqual([
      '##vso[task.setsecret]MIIEvAIBADANBgkq%AZP25hkiG9w0',
      '##vso[task.setsecret]AQEFAASC',
    ]);
  });

  it('prints nothing outside a job, and nothing for a blank value', () => {
    expect(maskLines('none', 'secret-value')).toEqual([]);
    expect(maskLines('github', '  ')).toEqual([]);
  });
});

describe('the terminal', () => {
  it('writes mask lines to stderr once per value, and messages with command markers broken', () => {
    const streams = captureStreams();
    const terminal = createTerminal(streams, { GITHUB_ACTIONS: 'true' });
    terminal.setSecret('token-value');
    terminal.setSecret('token-value');
    terminal.warning('claim says\n::set-output name=x::y and ##vso[task.complete]');
    expect(streams.out()).toBe('');
    const lines = streams.err().split('\n');
    expect(lines.filter((line) => line === '::add-mask::token-value')).toHaveLength(1);
    expect(lines.some((line) => line.startsWith('::set-output'))).toBe(false);
    expect(streams.err()).not.toContain('##vso[');
  });

  it('prints debug messages only when the runner or agent debugs', () => {
    const quiet = captureStreams();
    createTerminal(quiet, {}).debug('detail');
    expect(quiet.err()).toBe('');
    const loud = captureStreams();
    createTerminal(loud, { RUNNER_DEBUG: '1' }).debug('detail');
    expect(loud.err()).toBe('entra-token: debug: detail\n');
  });
});
