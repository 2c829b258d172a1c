// The step, host-neutral: read settings, get the token, mask it, hand it over, summarise, set up the command
// for later steps. One try/catch: every failure becomes the step's one failure message.

import { type AcquireOptions, acquireToken } from './acquire.js';
import { describeFailure } from './errors.js';
import type { Host } from './host.js';
import { systemClock } from './retry.js';
import { readSettings } from './settings.js';
import { buildSummary } from './summary.js';

/** `using` replaces the clock and the network, for tests. */
export async function runStep(host: Host, using: Partial<Pick<AcquireOptions, 'clock' | 'openTransport'>> = {}) {
  try {
    const settings = await readSettings(host);
    const token = await acquireToken(settings, {
      log: host,
      mask: (secret) => host.setSecret(secret),
      clock: using.clock ?? systemClock,
      openTransport: using.openTransport,
    });
    // Masked before it is written anywhere, outputs and variables included.
    host.setSecret(token.accessToken);
    host.publish(token, settings.variableName);
    const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;
    host.info(
      `Got an access token for ${settings.scope} with the ${settings.credentialLabel}; valid until ${token.expiresOn.toISOString()}; ` +
        `${plural(token.attempts, 'attempt')}, ${plural(token.requests, 'request')}.`,
    );
    const summary = buildSummary({
      accessToken: token.accessToken,
      credentialLabel: settings.credentialLabel,
      scope: settings.scope,
      attempts: token.attempts,
      elapsedMs: token.elapsedMs,
    });
    if (summary.warning) host.warning(summary.warning);
    await host.summary(summary.markdown);
    if (settings.installCli) {
      await host.installCli(settings.handover);
      host.info(
        `The entra-token command is on PATH for the rest of the job (${settings.handover.authType}; nothing secret recorded).`,
      );
    }
  } catch (error) {
    host.fail(describeFailure(error, host.isDebug()));
  }
}
