import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { UsersService } from '@escale/auth';
import { AppConfig, LOCALES, type Locale } from '@escale/platform';
import { Public } from '../../http/access.decorator.js';
import type { EscaleRequest } from '../../http/request-context.js';
import { LOCALE_COOKIE } from '../../http/ui-middleware.js';
import { saveSession } from '../auth/login.controller.js';

export class ChangeLanguageForm {
  @IsIn(LOCALES)
  locale: Locale;

  /** Where to go back to: a path on this site only. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @Matches(/^\/(?![/\\])[^\s]*$/)
  returnTo?: string;

  @IsOptional()
  @IsString()
  _csrf?: string;
}

@ApiExcludeController()
@Public()
@Controller('language')
export class LanguageController {
  constructor(
    private readonly users: UsersService,
    private readonly config: AppConfig,
  ) {}

  @Post()
  async change(@Body() form: ChangeLanguageForm, @Req() request: EscaleRequest, @Res() response: Response): Promise<void> {
    request.session.locale = form.locale;
    response.cookie(LOCALE_COOKIE, form.locale, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.cookieSecure,
      maxAge: 365 * 24 * 3600 * 1000,
      path: '/',
    });
    if (request.actor) await this.users.setLocale(request.actor.userId, form.locale);
    await saveSession(request);
    response.redirect(303, form.returnTo ?? '/');
  }
}
