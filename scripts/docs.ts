// Regenerates the README's input and output tables from action.yml and task.json, so they never drift.
// `npm run docs` writes them; `npm run docs -- --check` fails when the README is out of date (CI runs it).

import { writeFileSync } from 'node:fs';
import { actionManifest, taskManifest } from './manifests.js';
import { README, renderReadme } from './readme.js';

const cell = (text: unknown): string =>
  String(text ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ');
const code = (text: string): string => (text ? `\`${text}\`` : '');

function githubTables(): string {
  const manifest = actionManifest();
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

function azureTables(): string {
  const manifest = taskManifest();
  const inputs = manifest.inputs.map((input) => {
    const name = `\`${input.name}\`${input.aliases?.length ? ` (alias ${input.aliases.map((alias) => `\`${alias}\``).join(', ')})` : ''}`;
    // "a = x || a = y" in words: a raw '||' would end the table cell.
    const shown = input.visibleRule
      ? ` *Shown when ${cell(input.visibleRule.replace(/authenticationMethod = /g, '').replace(/\s*\|\|\s*/g, ' or '))}.*`
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

if (process.argv[1]?.endsWith('docs.ts')) {
  const { current, rendered } = await renderReadme({ 'tables:github': githubTables(), 'tables:azure': azureTables() });
  if (process.argv.includes('--check')) {
    if (rendered !== current) {
      console.log('README.md tables are out of date: run npm run docs.');
      process.exit(1);
    }
  } else {
    writeFileSync(README, rendered);
  }
}
