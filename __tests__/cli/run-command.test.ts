// `run` through @actions/exec: the token in the named variable, CMD's own exit code, output on the stream CMD
// used, nothing echoed, and an empty stdin.

import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runWithToken } from '../../src/cli/run-command.js';
import { captureStreams } from './streams.js';

const folder = mkdtempSync(join(tmpdir(), 'entra token "run" '));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('runWithToken', () => {
  it.skipIf(process.platform === 'win32')(
    'runs a command whose path has spaces and quotes (exec parses it as a command line), with the token in its variable, and returns its code',
    async () => {
      const node = join(folder, 'node');
      symlinkSync(process.execPath, node);
      const streams = captureStreams();
      const script = [
        "process.stdout.write('out:' + (process.env.GRAPH === 'tok-en' ? 'ok' : 'missing'));",
        "process.stderr.write('err');",
        // stdin is empty: a command that reads it to the end is not left waiting.
        "process.stdin.resume(); process.stdin.on('end', () => process.exit(5));",
      ].join('\n');
      const code = await runWithToken(node, ['-e', script], 'GRAPH', 'tok-en', { PATH: '' }, streams);
      expect(code).toBe(5);
      expect(streams.out()).toBe('out:ok');
      expect(streams.err()).toBe('err');
    },
  );
});
