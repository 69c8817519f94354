import { Module } from '@nestjs/common';
import { AuditModule } from '@escale/audit';
import { AuthModule } from '@escale/auth';
import { AuditController } from './audit.controller.js';
import { AuthController } from './auth.controller.js';
import { UsersController } from './users.controller.js';

@Module({ imports: [AuthModule, AuditModule], controllers: [AuthController, UsersController, AuditController] })
export class ApiModule {}
