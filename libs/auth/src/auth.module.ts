import { Module } from '@nestjs/common';
import { AuditModule } from '@escale/audit';
import { AuthService } from './auth.service.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { MfaService } from './mfa.service.js';
import { PasswordPolicy } from './password-policy.js';
import { PasswordService } from './password.service.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [AuditModule],
  providers: [AuthService, UsersService, PasswordService, PasswordPolicy, LoginThrottleService, MfaService],
  exports: [AuthService, UsersService, MfaService, LoginThrottleService],
})
export class AuthModule {}
