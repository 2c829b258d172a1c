import { describe, expect, it } from 'vitest';
import { parseInvocation, UsageError } from '../../src/cli/arguments.js';

const usage = (argv: string[]): string => {
  try {
    parseInvocation(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`no usage error for ${argv.join(' ')}`);
};

describe('parseInvocation', () => {
  it('defaults to get with the token output', () => {
    expect(parseInvocation([])).toEqual({ command: 'get', flags: {}, output: 'token' });
    expect(parseInvocation(['--scope', 'https://management.azure.com', '--output', 'json'])).toEqual({
      command: 'get',
      flags: { scope: 'https://management.azure.com', output: 'json' },
      output: 'json',
    });
  });

  it('takes flags before and after the subcommand', () => {
    const invocation = parseInvocation(['--tenant-id', 't', 'get', '--client-id=c', '--send-certificate-chain']);
    expect(invocation).toMatchObject({
      command: 'get',
      flags: { 'tenant-id': 't', 'client-id': 'c', 'send-certificate-chain': true },
    });
  });

  it('keeps everything after -- as the command of run, untouched', () => {
    const invocation = parseInvocation(['run', '--env', 'GRAPH', '--', 'node', '-e', '--scope', '--', 'x']);
    expect(invocation).toEqual({
      command: 'run',
      flags: { env: 'GRAPH' },
      argv: ['node', '-e', '--scope', '--', 'x'],
    });
  });

  it('answers --help and -h whatever else is given', () => {
    expect(parseInvocation(['--help'])).toEqual({ command: 'help' });
    expect(parseInvocation(['run', '-h'])).toEqual({ command: 'help' });
  });

  it('refuses an unknown flag, naming it as typed', () => {
    expect(usage(['--tenant', 'x'])).toBe("Unknown option '--tenant'.");
  });

  it('points secret flags to their environment variable without echoing the value', () => {
    const message = usage(['--client-secret=hunter2-secret']);
    expect(message).toMatch(/No secret is ever a flag.*AZURE_CLIENT_SECRET/);
    expect(message).not.toContain('hunter2');
    expect(usage(['--certificate-password', 'pw'])).toMatch(/AZURE_CLIENT_CERTIFICATE_PASSWORD/);
  });

  it('refuses a flag without its value', () => {
    expect(usage(['--scope'])).toBe("Option '--scope <value>' argument missing.");
    expect(usage(['--scope', '--tenant-id', 'x'])).toMatch(/^Option '--scope' argument is ambiguous\.$/);
  });

  it('refuses an unknown command, and does not echo what might be a secret', () => {
    expect(usage(['fetch'])).toBe("Unknown command 'fetch'; the commands are 'get', 'run', 'inspect'.");
    expect(usage(['Q~8vLx.3kT_secret'])).toContain('(not shown)');
    expect(usage(['get', 'extra'])).toBe("Unexpected argument 'extra'.");
  });

  it('checks --output against its allowed values', () => {
    expect(usage(['--output', 'yaml'])).toBe("'--output' is 'yaml'; allowed values are 'token' and 'json'.");
  });

  it('keeps each flag to the subcommand it belongs to', () => {
    expect(usage(['run', 'node'])).toMatch(/needs the command after '--'/);
    expect(usage(['run', '--'])).toMatch(/needs the command after '--'/);
    expect(usage(['run', '--output', 'json', '--', 'x'])).toMatch(/'--output' is for 'get'/);
    expect(usage(['--env', 'X'])).toMatch(/'--env' is for 'run'/);
    expect(usage(['get', '--', 'x'])).toMatch(/'--' is for 'run'/);
    expect(usage(['inspect', '--scope', 'x'])).toMatch(/'inspect' takes no flags/);
  });
});
