export const ROLES = ['admin', 'staff', 'caseworker', 'funder', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** The caller of a service method: who, in which role, scoped to which centres, from where. */
export interface Actor {
  userId: string;
  role: Role;
  centreIds: readonly string[];
  origin?: string;
  requestId?: string;
  /** Whether this token or session was signed in with a one-time code as well as the password. */
  secondFactor?: boolean;
}

/** The worker and start-up tasks act as the system. */
export const SYSTEM_ORIGIN = 'system';

/** Admins, auditors and funders see every centre (funders only in aggregate); others only their own. */
export function seesAllCentres(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'auditor' || actor.role === 'funder';
}

export function canSeeCentre(actor: Actor, centreId: string): boolean {
  return seesAllCentres(actor) || actor.centreIds.includes(centreId);
}

