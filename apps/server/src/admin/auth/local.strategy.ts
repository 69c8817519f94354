import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import { AuthService, User } from '@escale/auth';
import { originOf, type EscaleRequest } from '../../http/request-context.js';

/** Passport's email-and-password strategy for the admin UI login form. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(private readonly auth: AuthService) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true, session: false });
  }

  validate(request: EscaleRequest, email: string, password: string): Promise<User> {
    return this.auth.authenticate(email, password, originOf(request));
  }
}
