export const ROLES = ['admin', 'staff', 'caseworker', 'funder', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** The caller of a service method: who, in which role, scoped to which centres, from where. */
export interface Actor {
  userId: string;
  role: Role;
  centreIds: readonly string[];
  origin?: string;
  requestId?: string;
}

/** The worker and start-up tasks act as the system. */
export const SYSTEM_ORIGIN = 'system';
