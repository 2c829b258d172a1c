// `entra-token get`: the token on stdout, alone on its line, or as JSON; masked with the host first.

import type { Acquisition } from '../core/acquire.js';
import type { Terminal } from './terminal.js';

export function printToken(
  terminal: Terminal,
  token: Acquisition,
  scope: string,
  output: 'token' | 'json',
  now = Date.now(),
): void {
  if (output === 'token') {
    terminal.print(`${token.accessToken}\n`);
    return;
  }
  const json = {
    access_token: token.accessToken,
    token_type: token.tokenType,
    expires_on: token.expiresOn.toISOString(),
    expires_in: Math.max(0, Math.floor((token.expiresOn.getTime() - now) / 1000)),
    scope,
  };
  terminal.print(`${JSON.stringify(json)}\n`);
}
