// The message of the UserError an action throws; the test fails if it throws anything else, or nothing.

import { expect } from 'vitest';
import { UserError } from '../../src/core/errors.js';

export function userErrorOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error('expected a UserError');
}
