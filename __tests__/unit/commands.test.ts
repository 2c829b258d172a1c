// The hosts' command protocols, as the runner and the agent read them back: values with the characters the
// protocols reserve must arrive whole, and file commands must not let a value end its own entry.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseFileCommands, parseVso } from '../helpers/hosts.js';
import { loggingCommand } from '../../src/azure-pipelines/logging-commands.js';
import { appendToFile, issueCommand } from '../../src/github/workflow-commands.js';

const AWKWARD = 'a%b;c]d\r\ne%0Af%AZP25g';
let written: string[];
beforeEach(() => {
  written = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    written.push(String(chunk));
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

describe('Azure Pipelines logging commands', () => {
  it('escape data and properties so the agent reads back the exact values, on one line', () => {
    loggingCommand('task.setvariable', { variable: AWKWARD, issecret: true, isOutput: false }, AWKWARD);
    expect(written).toHaveLength(1);
    expect(written[0]!.trimEnd()).not.toMatch(/[\r\n]/);
    const command = parseVso(written[0]!.trimEnd())!;
    expect(command.command).toBe('task.setvariable');
    expect(command.properties).toEqual({ variable: AWKWARD, issecret: 'true' });
    expect(command.data).toBe(AWKWARD);
  });
});

describe('GitHub workflow commands', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'entra-token-commands-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('escape command data onto one line', () => {
    issueCommand('add-mask', 'x%y\r\nz');
    expect(written).toEqual([`::add-mask::x%25y%0D%0Az\n`]);
  });

  it('write each output between a fresh delimiter, so values never run into each other', () => {
    const file = join(folder, 'output');
    appendToFile({ GITHUB_OUTPUT: file }, 'GITHUB_OUTPUT', 'first', 'line one\nline two');
    appendToFile({ GITHUB_OUTPUT: file }, 'GITHUB_OUTPUT', 'second', 'EOF');
    const text = readFileSync(file, 'utf8');
    expect(parseFileCommands(text)).toEqual({ first: 'line one\nline two', second: 'EOF' });
    const delimiters = [...text.matchAll(/<<(.+)/g)].map((match) => match[1]);
    expect(new Set(delimiters).size).toBe(2);
  });

  it('refuse to run outside a runner rather than lose the outputs', () => {
    expect(() => appendToFile({}, 'GITHUB_OUTPUT', 'token', 'x')).toThrow(/GITHUB_OUTPUT is not set/);
  });
});
