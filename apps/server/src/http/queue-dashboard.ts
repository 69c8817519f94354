import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { INestApplication } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { AuthService } from '@escale/auth';
import { AppConfig, QueueName } from '@escale/platform';
import { originOf, type EscaleRequest } from './request-context.js';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * The queue dashboard (bull-board), for admins only. Its own actions post JSON without our CSRF
 * token, so writes must come from this site (Origin) on top of the SameSite session cookie.
 */
export function mountQueueDashboard(app: INestApplication, config: AppConfig): { close(): Promise<void> } {
  const queues = Object.values(QueueName).map((name) => new Queue(name, { connection: { url: config.redisUrl }, prefix: config.queuePrefix }));
  // Readiness reports a Redis that does not answer; the dashboard need not repeat it in the logs.
  for (const queue of queues) queue.on('error', () => undefined);
  const adapter = new ExpressAdapter();
  adapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({ queues: queues.map((queue) => new BullMQAdapter(queue)), serverAdapter: adapter });
  const auth = app.get(AuthService);

  const adminsOnly = async (req: Request, res: Response, next: NextFunction) => {
    const request = req as EscaleRequest;
    const userId = request.session?.userId;
    const found = userId ? await auth.actorForSession(userId, originOf(request)) : null;
    if (!found) return res.redirect(303, '/login');
    if (found.actor.role !== 'admin') return res.status(404).type('text/plain').send('Not found');
    if (!['GET', 'HEAD'].includes(req.method)) {
      const origin = req.headers.origin;
      if (!origin || new URL(origin).host !== req.headers.host) return res.status(403).type('text/plain').send('Forbidden');
    }
    next();
  };
  // The dashboard's page styles some elements inline; its scripts stay external and same-origin.
  const dashboardHeaders = helmet({ contentSecurityPolicy: { useDefaults: true, directives: { styleSrc: ["'self'", "'unsafe-inline'"], scriptSrc: ["'self'"], frameAncestors: ["'none'"] } } });
  app.use(QUEUE_DASHBOARD_PATH, adminsOnly, dashboardHeaders, adapter.getRouter());
  return { close: async () => void (await Promise.all(queues.map((queue) => queue.close()))) };
}
