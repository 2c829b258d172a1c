// The project's manifests as the release scripts and tests read them: action.yml and task.json.

import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface ActionManifest {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
}

export interface TaskManifest {
  inputs: {
    name: string;
    label: string;
    defaultValue?: string;
    aliases?: string[];
    helpMarkDown?: string;
    visibleRule?: string;
  }[];
  outputVariables: { name: string; description: string }[];
  execution: Record<string, { target: string }>;
  minimumAgentVersion?: string;
}

export const actionManifest = (): ActionManifest => parseYaml(readFileSync(join(ROOT, 'action.yml'), 'utf8'));
export const taskManifest = (): TaskManifest => JSON.parse(readFileSync(join(ROOT, 'task.json'), 'utf8'));
