// Retries for Entra's bad minutes: exponential backoff with jitter, Retry-After honoured exactly, all inside
// one deadline. Permanent failures are never retried. Time is injected so the policy is testable without sleeping.

import { GaveUpError } from './errors.js';

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export const RETRY_POLICY = {
  maxAttempts: 5,
  firstDelayMs: 1000,
  maxDelayMs: 8000,
  /** One attempt may use a third of the budget, at least this much, so one hung connection cannot eat it all. */
  minAttemptMs: 5000,
} as const;

/** Why an attempt failed and whether it is worth another: `undefined` retryAfterMs means "use the backoff". */
export interface Transient {
  readonly reason: string;
  readonly retryAfterMs?: number;
}

export interface RetryOptions {
  readonly timeoutMs: number;
  /** What is being attempted, for the give-up message ("a token from login.microsoftonline.com"). */
  readonly what: string;
  readonly clock: Clock;
  readonly random?: () => number;
  readonly log: (message: string) => void;
}

export interface Attempted<T> {
  readonly value: T;
  readonly attempts: number;
}

/**
 * Runs `attempt` until it succeeds, `classify` calls its failure permanent (by returning undefined: the error is
 * rethrown as is), attempts run out, or the deadline would pass.
 */
export async function withRetries<T>(
  attempt: (deadline: number) => Promise<T>,
  classify: (error: unknown) => Transient | undefined,
  options: RetryOptions,
): Promise<Attempted<T>> {
  const { clock, timeoutMs } = options;
  const random = options.random ?? Math.random;
  const started = clock.now();
  const deadline = started + timeoutMs;
  // Whole milliseconds: the budget becomes an AbortSignal.timeout, which takes integers only.
  const attemptBudget = Math.max(RETRY_POLICY.minAttemptMs, Math.ceil(timeoutMs / 3));
  const failures: string[] = [];

  for (let attempts = 1; ; attempts += 1) {
    try {
      const value = await attempt(Math.min(deadline, clock.now() + attemptBudget));
      return { value, attempts };
    } catch (error) {
      const transient = classify(error);
      if (!transient) throw error;
      failures.push(transient.reason);

      const elapsed = (clock.now() - started) / 1000;
      const summary = () =>
        `Gave up on ${options.what} after ${attempts} attempt${attempts === 1 ? '' : 's'} in ${elapsed.toFixed(1)} s` +
        ` (timeout ${timeoutMs / 1000} s). Failures: ${failures.join('; ')}.`;
      if (attempts >= RETRY_POLICY.maxAttempts) throw new GaveUpError(summary());

      const backoff = Math.min(RETRY_POLICY.maxDelayMs, RETRY_POLICY.firstDelayMs * 2 ** (attempts - 1));
      const delay = transient.retryAfterMs ?? Math.round(backoff * (0.75 + random() * 0.5));
      const remaining = deadline - clock.now();
      if (delay >= remaining) {
        const why =
          transient.retryAfterMs !== undefined
            ? `the service asked to wait ${delay / 1000} s`
            : `the next retry is due in ${(delay / 1000).toFixed(1)} s`;
        throw new GaveUpError(
          `${summary()} Not retrying: ${why}, past the deadline. Raise the timeout to wait longer.`,
        );
      }
      options.log(
        `Attempt ${attempts} failed: ${transient.reason}. Retrying in ${(delay / 1000).toFixed(1)} s` +
          (transient.retryAfterMs !== undefined ? ' (as Retry-After asks).' : ' (backoff).'),
      );
      await clock.sleep(delay);
    }
  }
}
