import type { Server } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { loadConfigOrExit } from '@escale/platform';
import { createServerApp } from './bootstrap.js';

// Past this, connections still open at shutdown are cut, so the process ends within a bound.
const SHUTDOWN_GRACE_MS = 25_000;

const config = loadConfigOrExit();
const app = await createServerApp(config);
const server = app.getHttpServer() as Server;

// On SIGTERM or SIGINT the listener closes at once (new connections are refused), every request
// already taken is answered, then PostgreSQL and Redis are closed and the process exits 0.
let closing = false;
// While closing, answers end their connection: keep-alive clients go to another process.
app.use((_req: Request, res: Response, next: NextFunction) => {
  if (closing) res.setHeader('Connection', 'close');
  res.on('finish', () => {
    if (closing) setImmediate(() => server.closeIdleConnections());
  });
  next();
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    closing = true;
    setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
  });
}
app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });

await app.listen(config.port, '0.0.0.0');
process.stdout.write(`Escale server listening on http://localhost:${config.port}\n`);
