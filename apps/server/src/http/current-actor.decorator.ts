import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { Unauthenticated } from '@escale/platform';
import type { EscaleRequest } from './request-context.js';

/** The authenticated caller, as the access guard resolved it. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const request = context.switchToHttp().getRequest<EscaleRequest>();
  if (!request.actor) throw new Unauthenticated();
  return request.actor;
});
