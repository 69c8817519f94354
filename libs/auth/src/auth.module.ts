import { Module } from '@nestjs/common';
import { AuditModule } from '@escale/audit';
import { AuthService } from './auth.service.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { PasswordService } from './password.service.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [AuditModule],
  providers: [AuthService, UsersService, PasswordService, LoginThrottleService],
  exports: [AuthService, UsersService],
})
export class AuthModule {}
