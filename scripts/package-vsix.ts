// `npm run package:vsix`: the Azure DevOps Marketplace extension. Stages exactly what the agent needs into a task
// folder (task.json, the handler's bundle, an icon) beside the extension manifest, and packs it with tfx-cli.
// `-- --output FILE` chooses where the .vsix goes (default build/entra-token-VERSION.vsix).

import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ROOT, taskManifest } from './manifests.js';

const TASK_FOLDER = 'EntraToken';
const stage = join(ROOT, 'build', 'vsix');
const { version } = JSON.parse(readFileSync(join(ROOT, 'vss-extension.json'), 'utf8')) as { version: string };
const outputFlag = process.argv.indexOf('--output');
const output =
  outputFlag > 0 ? resolve(process.argv[outputFlag + 1]!) : join(ROOT, 'build', `entra-token-${version}.vsix`);

rmSync(stage, { recursive: true, force: true });
const copy = (from: string, to = from): void => {
  mkdirSync(dirname(join(stage, to)), { recursive: true });
  cpSync(join(ROOT, from), join(stage, to), { recursive: true });
};
copy('vss-extension.json');
copy('README.md', 'overview.md');
copy('LICENSE');
copy('images/icon.png');
copy('task.json', `${TASK_FOLDER}/task.json`);
copy('images/icon.png', `${TASK_FOLDER}/icon.png`);
// Every handler's target, with the folder it sits in: the bundle's package.json ("type": "module"), its
// source map and its licences.
for (const folder of new Set(Object.values(taskManifest().execution).map((handler) => dirname(handler.target)))) {
  copy(folder, `${TASK_FOLDER}/${folder}`);
}
// The entra-token command the task puts on PATH for later steps: its bundle and its launchers.
copy('dist/cli', `${TASK_FOLDER}/dist/cli`);
copy('bin', `${TASK_FOLDER}/bin`);

mkdirSync(dirname(output), { recursive: true });
execFileSync(
  join(ROOT, 'node_modules', '.bin', 'tfx'),
  [
    'extension',
    'create',
    '--root',
    stage,
    '--manifest-globs',
    'vss-extension.json',
    '--output-path',
    output,
    '--no-prompt',
  ],
  { stdio: ['ignore', 'ignore', 'inherit'] },
);
rmSync(stage, { recursive: true, force: true });
console.log(output);
