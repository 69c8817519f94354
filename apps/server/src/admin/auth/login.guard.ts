import { type ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { InvalidCredentials } from '@escale/auth';
import type { EscaleRequest } from '../../http/request-context.js';

/**
 * Runs the local strategy but lets the login page answer a failure itself (the form again,
 * with a message), instead of a bare 401.
 */
@Injectable()
export class LoginGuard extends AuthGuard('local') {
  override handleRequest<TUser>(error: unknown, user: TUser, _info: unknown, context: ExecutionContext): TUser {
    const request = context.switchToHttp().getRequest<EscaleRequest>();
    if (error || !user) request.loginError = error ?? new InvalidCredentials();
    return (user || null) as TUser;
  }
}
