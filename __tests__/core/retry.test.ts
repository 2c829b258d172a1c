// The retry policy on a fake clock: no real waiting, exact delays.

import { describe, expect, it } from 'vitest';
import { GaveUpError } from '../../src/core/errors.js';
import { parseRetryAfter } from '../../src/core/token-network.js';
import { type Clock, RETRY_POLICY, type Transient, withRetries } from '../../src/core/retry.js';

function fakeClock(): Clock & { sleeps: number[] } {
  let now = 1_000_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

class Flaky extends Error {
  constructor(readonly transient: Transient) {
    super(transient.reason);
  }
}
const classify = (error: unknown) => (error instanceof Flaky ? error.transient : undefined);
const options = (clock: Clock, timeoutMs = 60_000) => ({
  timeoutMs,
  what: 'a token',
  clock,
  random: () => 0.5,
  log: () => {},
});

describe('withRetries', () => {
  it.each([16_000, 20_000, 25_000, 59_000, 100_000, 15_500])(
    'gives each attempt a whole-millisecond deadline for a %i ms timeout',
    async (timeoutMs) => {
      const clock = fakeClock();
      const deadlines: number[] = [];
      await withRetries(
        async (deadline) => {
          deadlines.push(deadline - clock.now());
          // What the transport does with it; throws a RangeError on a fractional value.
          AbortSignal.timeout(deadline - clock.now());
          return 'token';
        },
        classify,
        options(clock, timeoutMs),
      );
      expect(Number.isInteger(deadlines[0])).toBe(true);
    },
  );

  it('backs off exponentially and succeeds', async () => {
    const clock = fakeClock();
    let calls = 0;
    const result = await withRetries(
      async () => {
        calls += 1;
        if (calls < 3) throw new Flaky({ reason: 'HTTP 503' });
        return 'token';
      },
      classify,
      options(clock),
    );
    expect(result).toEqual({ value: 'token', attempts: 3 });
    expect(clock.sleeps).toEqual([1000, 2000]);
  });

  it('waits exactly Retry-After', async () => {
    const clock = fakeClock();
    let calls = 0;
    await withRetries(
      async () => {
        calls += 1;
        if (calls === 1) throw new Flaky({ reason: 'HTTP 429', retryAfterMs: 7000 });
        return 'token';
      },
      classify,
      options(clock),
    );
    expect(clock.sleeps).toEqual([7000]);
  });

  it('does not retry a permanent failure', async () => {
    const clock = fakeClock();
    let calls = 0;
    const permanent = new Error('AADSTS7000215');
    await expect(
      withRetries(
        async () => {
          calls += 1;
          throw permanent;
        },
        classify,
        options(clock),
      ),
    ).rejects.toBe(permanent);
    expect(calls).toBe(1);
  });

  it('gives up on a persistent failure with the defaults well inside a minute', async () => {
    const clock = fakeClock();
    const started = clock.now();
    const error = await withRetries(
      async () => {
        throw new Flaky({ reason: 'HTTP 500' });
      },
      classify,
      options(clock),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GaveUpError);
    expect((error as Error).message).toMatch(/after 5 attempts .*HTTP 500; HTTP 500/);
    expect(clock.now() - started).toBeLessThan(20_000);
    expect(clock.sleeps).toHaveLength(RETRY_POLICY.maxAttempts - 1);
  });

  it('gives each attempt a third of the budget, at least five seconds, never past the deadline', async () => {
    const clock = fakeClock();
    const budgets: number[] = [];
    await withRetries(
      async (deadline) => {
        budgets.push(deadline - clock.now());
        if (budgets.length === 1) {
          await clock.sleep(2500); // the first attempt hangs for a while before failing
          throw new Flaky({ reason: 'reset' });
        }
        return 'ok';
      },
      classify,
      options(clock, 8000),
    );
    // 5 s for the first; the second gets only what is left: 8000 - 2500 - 1000 (backoff).
    expect(budgets).toEqual([5000, 4500]);
  });

  it('stops rather than sleep past the deadline', async () => {
    const clock = fakeClock();
    const error = await withRetries(
      async () => {
        throw new Flaky({ reason: 'HTTP 429', retryAfterMs: 90_000 });
      },
      classify,
      options(clock),
    ).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/after 1 attempt .*the service asked to wait 90 s, past the deadline/);
    expect(clock.sleeps).toEqual([]);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-11-25T12:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 12:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
