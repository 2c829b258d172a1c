// Regenerates the README's input and output tables from action.yml and task.json, so they never drift.
// `npm run docs` writes them; `npm run docs -- --check` fails when the README is out of date (CI runs it).

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as prettier from 'prettier';
import { actionManifest, ROOT, taskManifest } from '../emulator/hosts.js';

const cell = (text: unknown): string =>
  String(text ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ');
const code = (text: string): string => (text ? `\`${text}\`` : '');

export function githubTables(): string {
  const manifest = actionManifest() as unknown as {
    inputs: Record<string, { description: string; default?: string }>;
    outputs: Record<string, { description: string }>;
  };
  const inputs = Object.entries(manifest.inputs).map(
    ([name, input]) => `| \`${name}\` | ${code(input.default ?? '')} | ${cell(input.description)} |`,
  );
  const outputs = Object.entries(manifest.outputs).map(
    ([name, output]) => `| \`${name}\` | ${cell(output.description)} |`,
  );
  return [
    '| Input | Default | Meaning |',
    '| --- | --- | --- |',
    ...inputs,
    '',
    '| Output | Meaning |',
    '| --- | --- |',
    ...outputs,
  ].join('\n');
}

export function azureTables(): string {
  const manifest = taskManifest() as unknown as {
    inputs: {
      name: string;
      label: string;
      defaultValue?: string;
      aliases?: string[];
      helpMarkDown?: string;
      visibleRule?: string;
    }[];
    outputVariables: { name: string; description: string }[];
  };
  const inputs = manifest.inputs.map((input) => {
    const name = `\`${input.name}\`${input.aliases?.length ? ` (alias ${input.aliases.map((alias) => `\`${alias}\``).join(', ')})` : ''}`;
    const shown = input.visibleRule
      ? ` *Shown when ${input.visibleRule.replace(/authenticationMethod = /g, '')}.*`
      : '';
    return `| ${name} | ${code(input.defaultValue ?? '')} | ${cell(input.helpMarkDown)}${shown} |`;
  });
  const outputs = manifest.outputVariables.map((output) => `| \`${output.name}\` | ${cell(output.description)} |`);
  return [
    '| Input | Default | Meaning |',
    '| --- | --- | --- |',
    ...inputs,
    '',
    '| Output variable | Meaning |',
    '| --- | --- |',
    ...outputs,
  ].join('\n');
}

/** The README with fresh tables between its markers, formatted as Prettier would (CI checks both). */
export async function renderReadme(readme: string, path: string): Promise<string> {
  const sections: Record<string, string> = { github: githubTables(), azure: azureTables() };
  const rendered = readme.replace(
    /(<!-- tables:(\w+):start -->)[\s\S]*?(<!-- tables:\2:end -->)/g,
    (_match, start: string, name: string, end: string) => `${start}\n\n${sections[name]}\n\n${end}`,
  );
  return prettier.format(rendered, { ...(await prettier.resolveConfig(path)), filepath: path });
}

const path = join(ROOT, 'README.md');
if (process.argv[1]?.endsWith('docs.ts')) {
  const current = readFileSync(path, 'utf8');
  const rendered = await renderReadme(current, path);
  if (process.argv.includes('--check')) {
    if (rendered !== current) {
      console.log('README.md tables are out of date: run npm run docs.');
      process.exit(1);
    }
  } else {
    writeFileSync(path, rendered);
  }
}
