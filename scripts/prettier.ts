// Files the scripts write are formatted as the repository's Prettier settings would, so `npm run lint` stays green.

import * as prettier from 'prettier';

export async function formatLikePrettier(path: string, text: string): Promise<string> {
  return prettier.format(text, { ...(await prettier.resolveConfig(path)), filepath: path });
}
