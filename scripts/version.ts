// One version for everything users install: package.json (and its lock), task.json (Major/Minor/Patch, which the
// agent uses to pick the task), vss-extension.json (the Marketplace extension), and a CHANGELOG heading.
// `npm run set-version -- 1.2.3` writes it everywhere; `--check` fails when the files disagree (CI runs it).

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './manifests.js';
import { formatLikePrettier } from './prettier.js';

type Json = Record<string, unknown>;
const read = (file: string): Json => JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as Json;
const writeText = async (file: string, text: string): Promise<void> =>
  writeFileSync(join(ROOT, file), await formatLikePrettier(join(ROOT, file), text));
const write = (file: string, value: Json): Promise<void> => writeText(file, JSON.stringify(value, null, 2));

function taskVersion(task: Json): string {
  const { Major, Minor, Patch } = task.version as Record<string, number>;
  return `${Major}.${Minor}.${Patch}`;
}

function versions(): Record<string, string> {
  const lock = read('package-lock.json') as { version: string; packages: Record<string, { version?: string }> };
  return {
    'package.json': read('package.json').version as string,
    'package-lock.json': lock.packages['']?.version ?? lock.version,
    'task.json': taskVersion(read('task.json')),
    'vss-extension.json': read('vss-extension.json').version as string,
    'CHANGELOG.md': /^## (\d+\.\d+\.\d+)/m.exec(readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8'))?.[1] ?? '(none)',
  };
}

async function setVersion(version: string): Promise<void> {
  const [major, minor, patch] = version.split('.').map(Number);
  for (const file of ['package.json', 'vss-extension.json']) await write(file, { ...read(file), version });
  const lock = read('package-lock.json') as Json & { packages: Record<string, Json> };
  // npm's own layout, which Prettier leaves alone (.prettierignore).
  const updatedLock = { ...lock, version, packages: { ...lock.packages, '': { ...lock.packages[''], version } } };
  writeFileSync(join(ROOT, 'package-lock.json'), `${JSON.stringify(updatedLock, null, 2)}\n`);
  await write('task.json', { ...read('task.json'), version: { Major: major, Minor: minor, Patch: patch } });
  const changelog = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8');
  if (!changelog.includes(`## ${version}`)) {
    const today = new Date().toISOString().slice(0, 10);
    await writeText('CHANGELOG.md', changelog.replace(/^## /m, `## ${version} (${today})\n\n- (what changed)\n\n## `));
  }
}

const [argument] = process.argv.slice(2);
if (argument === '--check') {
  const found = versions();
  if (new Set(Object.values(found)).size !== 1) {
    console.log('Versions disagree; run npm run set-version -- X.Y.Z:');
    for (const [file, version] of Object.entries(found)) console.log(`  ${file}: ${version}`);
    process.exit(1);
  }
} else if (argument && /^\d+\.\d+\.\d+$/.test(argument)) {
  await setVersion(argument);
  console.log(`Version ${argument} in ${Object.keys(versions()).join(', ')}. Fill in the CHANGELOG entry.`);
} else {
  console.log('Usage: npm run set-version -- X.Y.Z   (or --check)');
  process.exit(2);
}
