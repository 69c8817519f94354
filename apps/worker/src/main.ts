import 'reflect-metadata';
import { WorkerHost } from '@nestjs/bullmq';
import { DiscoveryService, NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadConfigOrExit } from '@escale/platform';
import { WorkerModule } from './worker.module.js';

const config = loadConfigOrExit();
const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
app.useLogger(app.get(Logger));
await app.init();

/**
 * SIGTERM or SIGINT: the queue workers stop taking jobs and finish the ones they are running,
 * and only then do the database and Redis connections close (Nest would close them all at once,
 * cutting a running job's transaction); then the process exits 0. A second signal kills it.
 */
async function shutdown(): Promise<void> {
  const logger = app.get(Logger);
  try {
    const hosts = app
      .get(DiscoveryService)
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is WorkerHost => instance instanceof WorkerHost);
    await Promise.all(hosts.map((host) => host.worker.close()));
    await app.close();
    process.exit(0);
  } catch (error) {
    logger.error({ err: error }, 'Shutdown failed');
    process.exit(1);
  }
}
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void shutdown());

process.stdout.write('Escale worker started\n');
