// Entra's refusals: an AADSTS code with its text, and the JSON error body Entra sends for them.

import { randomUUID } from 'node:crypto';
import type { Answer } from './http.js';

export class EntraFailure extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly code: number,
    readonly text: string,
  ) {
    super(`AADSTS${code}: ${text}`);
  }

  /** Entra's error body: the description carries trace and correlation IDs and a timestamp, as Entra's does. */
  answer(correlationId: string | undefined, authority: string): Answer {
    const traceId = randomUUID();
    const correlation = correlationId ?? randomUUID();
    const timestamp = new Date()
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, 'Z');
    return {
      status: this.status,
      body: {
        error: this.error,
        error_description: `${this.message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlation}\r\nTimestamp: ${timestamp}`,
        error_codes: [this.code],
        timestamp,
        trace_id: traceId,
        correlation_id: correlation,
        error_uri: `${authority}/error?code=${this.code}`,
      },
    };
  }
}
