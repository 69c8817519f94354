import { type CanActivate, type ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { AuthService } from '@escale/auth';
import { AppConfig, Clock, DEFAULT_LOCALE, Forbidden, translate, Unauthenticated } from '@escale/platform';
import { ACCESS_KEY, type AccessRule, AUDITED_RECORD_KEY, type AuditedRecord } from './access.decorator.js';
import { isApiPath, originOf, type EscaleRequest } from './request-context.js';

/**
 * Deny by default: a route without an access declaration is refused. The API authenticates
 * with Bearer tokens only; pages with the session cookie only.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [context.getHandler(), context.getClass()]);
    const request = context.switchToHttp().getRequest<EscaleRequest>();
    // Named before anything may be refused, for the exception filter's audit of the refusal.
    request.auditedRecord = this.reflector.getAllAndOverride<AuditedRecord | undefined>(AUDITED_RECORD_KEY, [context.getHandler(), context.getClass()]);
    if (!rule) {
      this.logger.error(`Refused ${request.method} ${request.path}: the route declares no access rule`);
      throw new Forbidden();
    }
    await this.identify(request, context.switchToHttp().getResponse<Response>());
    if (rule.kind === 'public') return true;
    if (!request.actor) throw new Unauthenticated();
    // The exception filter records the denial in the audit trail, as it does every 403 and a record's 404.
    if (!rule.roles.includes(request.actor.role)) throw new Forbidden();
    return true;
  }

  private async identify(request: EscaleRequest, response: Response): Promise<void> {
    if (request.actor) return;
    if (isApiPath(request.path)) {
      const header = request.headers.authorization;
      const match = header?.match(/^Bearer (\S+)$/i);
      if (header && !match) throw new Unauthenticated('The Authorization header must be "Bearer <token>".');
      if (match) {
        const actor = await this.auth.actorForToken(match[1], originOf(request));
        if (!actor) throw new Unauthenticated('The access token is invalid or has expired.');
        request.actor = actor;
      }
      return;
    }
    const session = request.session;
    if (!session?.userId) return;
    const startedAt = session.startedAt ?? 0;
    if (this.clock.now().getTime() - startedAt > this.config.sessionAbsoluteMs) {
      await new Promise<void>((resolve) => session.destroy(() => resolve()));
      return;
    }
    const found = await this.auth.actorForSession(session.userId, originOf(request), session.secondFactor === true);
    if (!found) {
      await new Promise<void>((resolve) => session.destroy(() => resolve()));
      return;
    }
    request.actor = found.actor;
    request.currentUser = found.user;
    const roleLabel = translate(request.locale ?? DEFAULT_LOCALE, `role.${found.user.role}`);
    response.locals.currentUser = { name: found.user.name, role: found.user.role, roleLabel };
  }
}
