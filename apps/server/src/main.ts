import { loadConfigOrExit } from '@escale/platform';
import { createServerApp } from './bootstrap.js';

const config = loadConfigOrExit();
const app = await createServerApp(config);
await app.listen(config.port, '0.0.0.0');
process.stdout.write(`Escale server listening on http://localhost:${config.port}\n`);
