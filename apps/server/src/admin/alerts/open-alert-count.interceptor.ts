import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import type { Observable } from 'rxjs';
import { AlertsService } from '@escale/alerts';
import { isApiPath, type EscaleRequest } from '../../http/request-context.js';

/** Puts the number of open alerts in the page header for staff: one indexed count per page. */
@Injectable()
export class OpenAlertCountInterceptor implements NestInterceptor {
  constructor(private readonly alerts: AlertsService) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() === 'http') {
      const request = context.switchToHttp().getRequest<EscaleRequest>();
      if (request.actor?.role === 'staff' && !isApiPath(request.path)) {
        context.switchToHttp().getResponse<Response>().locals.openAlertCount = await this.alerts.countOpen(request.actor);
      }
    }
    return next.handle();
  }
}
