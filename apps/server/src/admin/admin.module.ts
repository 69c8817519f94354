import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { AuthModule } from '@escale/auth';
import { InboxModule } from '@escale/inbox';
import { LocalStrategy } from './auth/local.strategy.js';
import { LoginController } from './auth/login.controller.js';
import { LoginGuard } from './auth/login.guard.js';
import { HomeController } from './home/home.controller.js';
import { LanguageController } from './language/language.controller.js';

@Module({
  imports: [PassportModule, AuthModule, InboxModule],
  controllers: [LoginController, HomeController, LanguageController],
  providers: [LocalStrategy, LoginGuard],
})
export class AdminModule {}
