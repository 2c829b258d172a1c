// The step, host-neutral: read settings, get the token, mask it, hand it over, summarise. One try/catch.

import { acquireToken } from './acquire.js';
import { describeFailure } from './errors.js';
import type { Host } from './host.js';
import { type Clock, systemClock } from './retry.js';
import { readSettings } from './settings.js';
import { buildSummary } from './summary.js';

export async function run(host: Host, clock: Clock = systemClock): Promise<void> {
  try {
    const settings = readSettings(host);
    const token = await acquireToken(settings, host, clock);
    // Masked before it is written anywhere, outputs and variables included.
    host.setSecret(token.accessToken);
    host.publish(token, settings.variableName);
    host.info(
      `Got an access token for ${settings.scope} with the ${settings.credentialLabel}; valid until ${token.expiresOn.toISOString()}; ` +
        `${token.attempts} attempt${token.attempts === 1 ? '' : 's'}, ${token.requests} request${token.requests === 1 ? '' : 's'}.`,
    );
    const summary = buildSummary({ ...token, ...settings });
    if (summary.warning) host.warning(summary.warning);
    // The token is handed over by now: a summary that cannot be written is not worth failing the step.
    try {
      host.summary(summary.markdown);
    } catch (error) {
      host.warning(`No run summary: ${String(error)}`);
    }
  } catch (error) {
    host.fail(describeFailure(error, host.isDebug()));
  }
}
