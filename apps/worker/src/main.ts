import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadConfigOrExit } from '@escale/platform';
import { WorkerModule } from './worker.module.js';

const config = loadConfigOrExit();
const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
app.useLogger(app.get(Logger));
// SIGTERM and SIGINT close the workers, which wait for their active jobs to finish.
app.enableShutdownHooks();
await app.init();
process.stdout.write('Escale worker started\n');
