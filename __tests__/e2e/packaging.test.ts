// What users install: the bundles (each with only its own host's toolkit, one undici) and the Marketplace .vsix.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionManifest, ROOT, taskManifest } from '../helpers/hosts.js';

const bundles = {
  github: actionManifest().runs.main,
  'azure-pipelines': taskManifest().execution.Node20_1!.target,
  cli: 'dist/cli/index.js',
};
/** Each bundle's host toolkit; a bundle carries its own and no other. */
const TOOLKITS: Record<string, RegExp> = {
  github: /node_modules\/@actions\/core\//,
  'azure-pipelines': /node_modules\/azure-pipelines-task-lib\//,
  cli: /node_modules\/@actions\/exec\//,
};

/** The files a bundle was built from, as its source map lists them. */
const sourcesOf = (bundle: string): string[] =>
  (JSON.parse(readFileSync(join(ROOT, `${bundle}.map`), 'utf8')) as { sources: string[] }).sources;

describe.each(Object.entries(bundles))('the %s bundle', (host, bundle) => {
  it('has its source map beside it', () => {
    expect(sourcesOf(bundle).length).toBeGreaterThan(0);
  });

  it("holds the core, its own adapter and toolkit, and nothing of another host's", () => {
    const sources = sourcesOf(bundle);
    expect(sources.some((source) => source.includes(`src/${host}/`))).toBe(true);
    expect(sources.some((source) => source.includes('src/core/'))).toBe(true);
    expect(sources.some((source) => TOOLKITS[host]!.test(source))).toBe(true);
    for (const other of Object.keys(bundles).filter((name) => name !== host)) {
      expect(sources.filter((source) => source.includes(`src/${other}/`))).toEqual([]);
    }
    if (host !== 'azure-pipelines') {
      expect(sources.filter((source) => TOOLKITS['azure-pipelines']!.test(source))).toEqual([]);
    }
  });

  it('carries no second copy of undici: only the one @actions/http-client brings, and only with @actions/core', () => {
    const undici = sourcesOf(bundle).filter((source) => /node_modules\/(.+\/)?undici\//.test(source));
    expect(undici.filter((source) => /node_modules\/.+\/node_modules\/undici\//.test(source))).toEqual([]);
    expect(undici.length > 0).toBe(host === 'github');
  });
});

describe('npm run package:vsix', () => {
  const folder = mkdtempSync(join(tmpdir(), 'entra-token-vsix-'));
  const vsix = join(folder, 'entra-token.vsix');
  let entries: Record<string, Uint8Array>;

  beforeAll(() => {
    execFileSync(join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/package-vsix.ts', '--output', vsix], {
      cwd: ROOT,
      stdio: 'ignore',
    });
    entries = unzipSync(readFileSync(vsix));
  }, 60_000);
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('holds task.json and the handler targets it names, as committed', () => {
    expect(Buffer.from(entries['EntraToken/task.json']!).toString()).toBe(
      readFileSync(join(ROOT, 'task.json'), 'utf8'),
    );
    for (const { target } of Object.values(taskManifest().execution)) {
      expect(Buffer.from(entries[`EntraToken/${target}`]!).equals(readFileSync(join(ROOT, target)))).toBe(true);
    }
    expect(entries['EntraToken/dist/azure-pipelines/package.json']).toBeDefined();
    expect(entries['EntraToken/icon.png']).toBeDefined();
  });

  it('carries the entra-token command and its launchers', () => {
    expect(entries['EntraToken/dist/cli/index.js']).toBeDefined();
    expect(entries['EntraToken/bin/entra-token']).toBeDefined();
    expect(entries['EntraToken/bin/entra-token.cmd']).toBeDefined();
  });

  it('carries nothing from node_modules, src, __tests__ or the GitHub bundle', () => {
    const stray = Object.keys(entries).filter((name) =>
      /(^|\/)(node_modules|src|__tests__|emulator|scripts)\/|dist\/github\//.test(name),
    );
    expect(stray).toEqual([]);
  });

  it('declares the task contribution and the version of task.json', () => {
    const manifest = Buffer.from(entries['extension.vsixmanifest']!).toString();
    const { Major, Minor, Patch } = (
      JSON.parse(readFileSync(join(ROOT, 'task.json'), 'utf8')) as {
        version: Record<string, number>;
      }
    ).version;
    expect(manifest).toContain(`Version="${Major}.${Minor}.${Patch}"`);
    expect(Buffer.from(entries['extension.vsomanifest']!).toString()).toContain('ms.vss-distributed-task.task');
  });
});
