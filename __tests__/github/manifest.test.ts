// action.yml against the names the GitHub adapter uses: an input the adapter reads but action.yml lacks draws the
// runner's "Unexpected input" warning and is empty unless set through the environment; one action.yml declares but
// the adapter never reads is silently ignored; likewise for outputs.

import { describe, expect, it } from 'vitest';
import { AUTH_METHODS, createGitHubHost, INPUT_NAMES, OUTPUT_NAMES } from '../../src/github/host.js';
import { actionManifest } from '../../scripts/manifests.js';

// Importing the adapter only loads @actions/core, which does nothing at import.
const manifest = actionManifest();
const sorted = (names: Iterable<string>) => [...names].sort();

describe('action.yml and src/github/host.ts', () => {
  it('declare the same inputs', () => {
    expect(sorted(Object.keys(manifest.inputs))).toEqual(sorted(Object.values(INPUT_NAMES)));
  });

  it('declare the same outputs', () => {
    expect(sorted(Object.keys(manifest.outputs))).toEqual(sorted(Object.values(OUTPUT_NAMES)));
  });

  it('name every auth-type value in its description', () => {
    const description = manifest.inputs[INPUT_NAMES.authMethod]!.description;
    for (const method of Object.keys(AUTH_METHODS))
      expect(description, `auth-type's description lacks '${method}'`).toMatch(new RegExp(`(^|[\\s,(])${method}\\b`));
  });

  it("default auth-type to the adapter's default method", () => {
    const { defaultAuthMethod } = createGitHubHost({});
    expect(manifest.inputs[INPUT_NAMES.authMethod]!.default).toBe(defaultAuthMethod);
    expect(Object.keys(AUTH_METHODS)).toContain(defaultAuthMethod);
  });
});
