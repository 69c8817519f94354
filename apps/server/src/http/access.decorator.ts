import { SetMetadata } from '@nestjs/common';
import { ROLES, type Role } from '@escale/platform';

export const ACCESS_KEY = 'escale:access';

export type AccessRule = { kind: 'public' } | { kind: 'roles'; roles: readonly Role[] };

/** Anyone may call this route, signed in or not. */
export const Public = () => SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies AccessRule);

/** Only these roles may call this route. Every route must declare one or the other. */
export const Roles = (...roles: Role[]) => SetMetadata(ACCESS_KEY, { kind: 'roles', roles } satisfies AccessRule);

/** Any signed-in user. */
export const AnyUser = () => Roles(...ROLES);

export const AUDITED_RECORD_KEY = 'escale:auditedRecord';

/** The records a refusal on whose routes is audited, with their id (the route's `:id`). */
export const AUDITED_RECORDS = ['person', 'stay', 'case', 'referral', 'document'] as const;
export type AuditedRecord = (typeof AUDITED_RECORDS)[number];

/**
 * This route (or every route of this controller) reads or writes one record, the `:id` of its
 * path: a refusal on it — a 403, or the 404 that hides another centre's record — is audited
 * against that record.
 */
export const OnRecord = (entityType: AuditedRecord) => SetMetadata(AUDITED_RECORD_KEY, entityType);
