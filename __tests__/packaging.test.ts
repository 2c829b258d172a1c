// What users install: the two bundles (lean, each with only its own host's code) and the Marketplace .vsix.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionManifest, ROOT, taskManifest } from './helpers/hosts.js';

const MEGABYTE = 1_000_000;
const bundles = {
  github: actionManifest().runs.main,
  'azure-pipelines': taskManifest().execution.Node20_1!.target,
};

/** The files a bundle was built from, as its source map lists them. */
const sourcesOf = (bundle: string): string[] =>
  (JSON.parse(readFileSync(join(ROOT, `${bundle}.map`), 'utf8')) as { sources: string[] }).sources;

describe.each(Object.entries(bundles))('the %s bundle', (host, bundle) => {
  const other = host === 'github' ? 'azure-pipelines' : 'github';

  it('is at most 1 MB, with its source map beside it', () => {
    expect(readFileSync(join(ROOT, bundle)).length).toBeLessThanOrEqual(MEGABYTE);
    expect(sourcesOf(bundle).length).toBeGreaterThan(0);
  });

  it("holds the core and its own adapter, and nothing of the other host's", () => {
    const sources = sourcesOf(bundle);
    expect(sources.some((source) => source.includes(`src/${host}/`))).toBe(true);
    expect(sources.some((source) => source.includes('src/core/'))).toBe(true);
    expect(sources.filter((source) => source.includes(`src/${other}/`))).toEqual([]);
    expect(sources.filter((source) => /azure-pipelines-task-lib|@actions\//.test(source))).toEqual([]);
  });

  it('leaves out the parts of undici and node-forge a token request never uses', () => {
    const unused =
      /undici\/lib\/(web\/(websocket|eventsource|cache)|mock|cache)\/|node-forge\/lib\/(tls|ssh|ed25519)\.js/;
    expect(sourcesOf(bundle).filter((source) => unused.test(source))).toEqual([]);
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
