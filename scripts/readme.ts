// Generated parts of the README live between `<!-- NAME:start -->` and `<!-- NAME:end -->` markers.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './manifests.js';
import { formatLikePrettier } from './prettier.js';

export const README = join(ROOT, 'README.md');

/** The README with `sections` put between their markers, formatted as Prettier would (CI checks both). */
export async function renderReadme(
  sections: Readonly<Record<string, string>>,
): Promise<{ current: string; rendered: string }> {
  const current = readFileSync(README, 'utf8');
  let rendered = current;
  for (const [name, content] of Object.entries(sections)) {
    const start = `<!-- ${name}:start -->`;
    const end = `<!-- ${name}:end -->`;
    const from = rendered.indexOf(start);
    const to = rendered.indexOf(end);
    if (from < 0 || to < from) throw new Error(`README.md has no ${start} … ${end} markers.`);
    rendered = `${rendered.slice(0, from + start.length)}\n\n${content}\n\n${rendered.slice(to)}`;
  }
  rendered = await formatLikePrettier(README, rendered);
  return { current, rendered };
}
