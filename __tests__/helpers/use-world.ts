// The world's life in a test file: hooks that start it before the file's tests and close it after, apart from
// world.ts so that the emulator process (azure-pipelines/L0) can create a world without vitest.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createWorld, GITHUB_SUBJECT, type World } from './world.js';

export interface WorldOptions {
  /** The name prefix of a temporary folder the file may write in, removed after its tests. */
  readonly folderPrefix?: string;
  /**
   * Whether every test starts from a cleared emulator whose GitHub issuer signs GITHUB_SUBJECT (the default). Off
   * where a `describe` runs a step once in its own beforeAll and its tests read what the emulator saw.
   */
  readonly resetEachTest?: boolean;
}

export interface WorldAccess {
  /** The world, from the file's beforeAll on. */
  readonly world: () => World;
  /** The file's temporary folder; only with `folderPrefix`. */
  readonly folder: () => string;
}

/** Registers the hooks where it is called (at the top of a test file) and returns accessors for their results. */
export function useWorld({ folderPrefix, resetEachTest = true }: WorldOptions = {}): WorldAccess {
  let world: World | undefined;
  let folder: string | undefined;
  beforeAll(async () => {
    world = await createWorld();
    if (folderPrefix) folder = mkdtempSync(join(tmpdir(), folderPrefix));
  });
  afterAll(async () => {
    await world?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });
  const access: WorldAccess = {
    world: () => world ?? fail('the world starts in beforeAll'),
    folder: () => folder ?? fail(folderPrefix ? 'the folder is made in beforeAll' : 'no folderPrefix was given'),
  };
  if (resetEachTest) {
    beforeEach(() => {
      access.world().emulator.clear();
      access.world().emulator.githubSubject = GITHUB_SUBJECT;
    });
  }
  return access;
}

function fail(reason: string): never {
  throw new Error(`useWorld: ${reason}`);
}
