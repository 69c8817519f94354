import type { Role } from '@escale/platform';
import type { User } from './user.entity.js';

/** A user as the API shows it: never the password hash. */
export interface UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  centreIds: string[];
  createdAt: string;
  disabledAt: string | null;
  mfaEnabled: boolean;
  lastSignInAt: string | null;
}

export function toUserView(user: User): UserView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    centreIds: user.centreIds,
    createdAt: user.createdAt.toISOString(),
    disabledAt: user.disabledAt?.toISOString() ?? null,
    mfaEnabled: Boolean(user.totpEnabledAt),
    lastSignInAt: user.lastSignInAt?.toISOString() ?? null,
  };
}
