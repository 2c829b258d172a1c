// Reads inputs by logical key, naming them the host's way in every error.

import { UserError } from './errors.js';
import type { Host, InputKey } from './host.js';

export class Inputs {
  constructor(private readonly host: Pick<Host, 'inputNames' | 'input' | 'setSecret'>) {}

  /** The input as the user types it: `tenant-id` on GitHub, `tenantId` on Azure Pipelines. */
  label(key: InputKey): string {
    return this.host.inputNames[key] ?? key;
  }

  get(key: InputKey): string {
    return this.host.inputNames[key] === undefined ? '' : this.host.input(key).trim();
  }

  /** Reads a secret input and masks it before anything else can see it. */
  secret(key: InputKey): string {
    const value = this.host.inputNames[key] === undefined ? '' : this.host.input(key);
    if (value.trim()) this.host.setSecret(value.trim());
    return value.trim();
  }

  required(key: InputKey, why: string): string {
    const value = this.get(key);
    if (!value) throw new UserError(`Input '${this.label(key)}' is required ${why}.`);
    return value;
  }

  boolean(key: InputKey, fallback = false): boolean {
    const value = this.get(key).toLowerCase();
    if (value === '') return fallback;
    if (value === 'true') return true;
    if (value === 'false') return false;
    throw new UserError(`Input '${this.label(key)}' is '${this.get(key)}'; allowed values are 'true' and 'false'.`);
  }
}
