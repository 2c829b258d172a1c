// Finds CMD before the token is got, as the shell would: a path as given, else the first match on PATH (with
// PATHEXT on Windows). A typo then costs no token request and exits 2, like any other usage mistake.

import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, extname, isAbsolute, resolve } from 'node:path';
import { UsageError } from './arguments.js';
import type { Environment } from './credential-choice.js';

const WINDOWS = process.platform === 'win32';

export function findCommand(command: string, env: Environment, cwd = process.cwd()): string {
  const candidates = (base: string): string[] => {
    if (!WINDOWS) return [base];
    const extensions = (env.PATHEXT ?? env.Pathext ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean);
    const hasOwn = extensions.some((extension) => extension.toLowerCase() === extname(base).toLowerCase());
    return [...(hasOwn ? [base] : []), ...extensions.map((extension) => `${base}${extension}`)];
  };
  const hasFolder = command.includes('/') || (WINDOWS && command.includes('\\'));
  const folders = hasFolder || isAbsolute(command) ? [''] : pathFolders(env);
  for (const folder of folders) {
    const base = folder ? resolve(folder, command) : resolve(cwd, command);
    const found = candidates(base).find(isExecutableFile);
    if (found) return found;
  }
  throw new UsageError(
    hasFolder
      ? `The command '${command}' given after '--' is not an executable file.`
      : `The command '${command}' given after '--' is not on PATH. Check its name, or give its path.`,
  );
}

function pathFolders(env: Environment): string[] {
  const path = env.PATH ?? env.Path ?? '';
  return path.split(delimiter).filter(Boolean);
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    if (!WINDOWS) accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
