import { QueryFailedError } from 'typeorm';

export interface DatabaseViolation {
  /** 23505 unique, 23P01 exclusion, 23503 foreign key, 23514 check. */
  code: string;
  constraint: string;
}

/** The constraint a violation hit, or undefined for any other error. */
export function constraintViolation(error: unknown): DatabaseViolation | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const driverError = error.driverError as { code?: string; constraint?: string };
  if (!driverError.code?.startsWith('23')) return undefined;
  return { code: driverError.code, constraint: driverError.constraint ?? '' };
}
