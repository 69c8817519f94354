import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuditModule } from '@escale/audit';
import { actorOf, AuthModule, UsersService } from '@escale/auth';
import { DatabaseModule, loadConfigOrExit, PlatformModule, RedisModule, SYSTEM_ORIGIN, type Role } from '@escale/platform';
import { ENTITIES } from '@escale/schema';

export const DEMO_PASSWORD = 'escale-demo-2026';

const DEMO_USERS: { email: string; name: string; role: Role }[] = [
  { email: 'staff@escale.demo', name: 'Camille Lefebvre', role: 'staff' },
  { email: 'caseworker@escale.demo', name: 'Yasmina Haddad', role: 'caseworker' },
  { email: 'funder@escale.demo', name: 'Thomas Girard', role: 'funder' },
  { email: 'auditor@escale.demo', name: 'Élise Morel', role: 'auditor' },
];

/** Loads the demo data: one user of each role besides the first admin. Safe to run twice. */
async function seedDemo(): Promise<void> {
  const config = loadConfigOrExit();
  @Module({ imports: [PlatformModule.forRoot(config), DatabaseModule.forRoot(ENTITIES), RedisModule, AuditModule, AuthModule] })
  class SeedModule {}
  const app = await NestFactory.createApplicationContext(SeedModule, { logger: ['error'] });
  try {
    const users = app.get(UsersService);
    await users.ensureFirstAdmin(config);
    const admin = config.firstAdmin && (await users.findByEmail(config.firstAdmin.email));
    if (!admin) throw new Error('ESCALE_ADMIN_EMAIL and ESCALE_ADMIN_PASSWORD must name the first admin');
    const actor = actorOf(admin, { origin: SYSTEM_ORIGIN });
    for (const demo of DEMO_USERS) {
      if (await users.findByEmail(demo.email)) continue;
      await users.createUser(actor, { ...demo, password: DEMO_PASSWORD, centreIds: [] });
    }
  } finally {
    await app.close();
  }
}

seedDemo().catch((error: Error) => {
  process.stderr.write(`Demo data could not be loaded: ${error.message}\n`);
  process.exit(1);
});
