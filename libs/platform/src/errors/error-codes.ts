/** Every error code of the API contract, with the HTTP status it answers. */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  MALFORMED_REQUEST: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  MFA_REQUIRED: 401,
  FORBIDDEN: 403,
  MFA_ENROLMENT_REQUIRED: 403,
  CSRF_INVALID: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  EMAIL_TAKEN: 409,
  // Users: a change that would leave no active administrator.
  LAST_ADMIN: 409,
  CODE_TAKEN: 409,
  VERSION_CONFLICT: 409,
  ILLEGAL_TRANSITION: 409,
  NO_BED_AVAILABLE: 409,
  BED_OCCUPIED: 409,
  BED_OUT_OF_SERVICE: 409,
  PERSON_ALREADY_IN_CENTRE: 409,
  MINOR_NOT_ALLOWED: 409,
  STAY_CLOSED: 409,
  EXTENSION_NOT_ALLOWED: 409,
  HOUSING_MISMATCH: 409,
  REFERRAL_ALREADY_OPEN: 409,
  AGE_DISPUTED: 409,
  AUTHORITY_EXPIRED: 409,
  WAITING_CLOSED: 409,
  MERGE_NOT_ALLOWED: 409,
  IDENTIFIER_TAKEN: 409,
  REOPEN_NOT_ALLOWED: 409,
  // The legal record: a hearing or an appeal decided twice, a contact ended twice; a hearing or an order outside a removal centre.
  ALREADY_RECORDED: 409,
  REMOVAL_CENTRE_ONLY: 409,
  TOO_MANY_ATTEMPTS: 429,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export function statusOf(code: ErrorCode): number {
  return ERROR_STATUS[code];
}

/** The code a bare HTTP status answers with when no domain error named one. */
export function codeForStatus(status: number): ErrorCode {
  const match = (Object.entries(ERROR_STATUS) as [ErrorCode, number][]).find(([, s]) => s === status);
  if (match) return match[0];
  return status >= 500 ? 'INTERNAL_ERROR' : 'MALFORMED_REQUEST';
}
