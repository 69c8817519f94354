import { DomainError } from '@escale/platform';

/** Something the simulation did not expect the services to do: the run stops and says what. */
export class SimulationBug extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimulationBug';
  }
}

/** Refusals the world is expected to meet: each is counted, anything else is a bug. */
export const EXPECTED_REFUSALS = ['AGE_DISPUTED', 'MINOR_NOT_ALLOWED', 'AUTHORITY_EXPIRED', 'EXTENSION_NOT_ALLOWED', 'NO_BED_AVAILABLE'] as const;
export type ExpectedRefusal = (typeof EXPECTED_REFUSALS)[number];

export type Attempt<T> = { ok: true; value: T } | { ok: false; code: ExpectedRefusal };

/**
 * Runs a service call that may meet one of the `expected` refusals (a domain error with that
 * code). Anything else — another code, or an error that is not a domain error — is a bug.
 */
export async function attempt<T>(what: string, expected: readonly ExpectedRefusal[], call: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    // Codes are compared as strings: some of them are added to the contract while this runs.
    const code: string | undefined = error instanceof DomainError ? error.code : undefined;
    if (code && (expected as readonly string[]).includes(code)) return { ok: false, code: code as ExpectedRefusal };
    throw describe(what, error);
  }
}

/** Runs a service call that must succeed. */
export async function must<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw describe(what, error);
  }
}

function describe(what: string, error: unknown): SimulationBug {
  if (error instanceof SimulationBug) return error;
  if (error instanceof DomainError) {
    const details = Object.keys(error.details).length ? ` ${JSON.stringify(error.details)}` : '';
    return new SimulationBug(`${what}: unexpected ${error.code}: ${error.message}${details}`);
  }
  return new SimulationBug(`${what}: ${(error as Error)?.stack ?? String(error)}`);
}
