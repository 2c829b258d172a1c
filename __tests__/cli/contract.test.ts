// The command's flags as names in one place: the parser's list is the contract's, each is documented in --help and
// the README, and each credential flag mirrors the action input of the same meaning.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FLAG_NAMES } from '../../src/cli/arguments.js';
import { HELP } from '../../src/cli/help.js';
import { actionManifest, ROOT } from '../../scripts/manifests.js';

/** The flags `../shared/interface.md` fixes, plus --help. */
const CONTRACT = [
  'tenant-id',
  'client-id',
  'auth-type',
  'scope',
  'cloud',
  'authority-host',
  'audience',
  'certificate',
  'private-key',
  'send-certificate-chain',
  'timeout-seconds',
  'output',
  'env',
  'help',
];
/** Flags of the command alone: how it prints, which variable `run` fills, its help. */
const COMMAND_ONLY = new Set(['output', 'env', 'help']);

describe('the entra-token flags', () => {
  it('are exactly the contract', () => {
    expect([...FLAG_NAMES].sort()).toEqual([...CONTRACT].sort());
  });

  it('are each documented in --help and in the README', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const flag of FLAG_NAMES.filter((name) => name !== 'help')) {
      expect(HELP, flag).toContain(`--${flag}`);
    }
    for (const flag of ['scope', 'output', 'env', 'auth-type']) expect(readme, flag).toContain(`--${flag}`);
  });

  it('mirror the action inputs of the same meaning, name for name', () => {
    const inputs = Object.keys(actionManifest().inputs);
    for (const flag of FLAG_NAMES.filter((name) => !COMMAND_ONLY.has(name))) expect(inputs, flag).toContain(flag);
  });
});
