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
