import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthService, IssueTokenDto, LoginThrottleService, UsersService } from '@escale/auth';
import { type Actor, NotFound, PageQuery } from '@escale/platform';
import { AnyUser, Public, Roles } from '../http/access.decorator.js';
import { CurrentActor } from '../http/current-actor.decorator.js';
import { originOf, type EscaleRequest } from '../http/request-context.js';
import { LockoutPage, MeResponse, TokenResponse } from './api.responses.js';
import { ApiErrors } from './openapi/api-errors.js';

@ApiTags('auth')
@Controller('api/v1')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly throttle: LoginThrottleService,
  ) {}

  @Public()
  @Post('auth/token')
  @HttpCode(200)
  @ApiOkResponse({ type: TokenResponse })
  @ApiOperation({ summary: 'Sign in: exchange an email and password (and a one-time code) for an access token' })
  @ApiErrors('INVALID_CREDENTIALS', 'MFA_REQUIRED', 'MFA_ENROLMENT_REQUIRED', 'TOO_MANY_ATTEMPTS')
  issueToken(@Body() body: IssueTokenDto, @Req() request: EscaleRequest): Promise<TokenResponse> {
    return this.auth.issueToken(body.email, body.password, originOf(request), body.totp);
  }

  /** Revokes the token the request carries. */
  @AnyUser()
  @Delete('auth/token')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Sign out: revoke the token the request carries' })
  async revokeToken(@Req() request: EscaleRequest): Promise<void> {
    const token = request.headers.authorization?.replace(/^Bearer /i, '') ?? '';
    await this.auth.revokeToken(token);
  }

  @AnyUser()
  @Get('me')
  @ApiBearerAuth()
  @ApiOkResponse({ type: MeResponse })
  @ApiOperation({ summary: 'The signed-in user' })
  async me(@CurrentActor() actor: Actor): Promise<MeResponse> {
    const user = await this.users.findActiveById(actor.userId);
    if (!user) throw new NotFound('user');
    return { id: user.id, email: user.email, name: user.name, role: user.role, centreIds: user.centreIds };
  }

  /** Accounts (from an address) and addresses refused sign-in at the moment. */
  @Roles('admin')
  @Get('auth/lockouts')
  @ApiBearerAuth()
  @ApiOkResponse({ type: LockoutPage })
  @ApiOperation({ summary: 'Accounts and addresses refused sign-in at the moment' })
  listLockouts(@CurrentActor() actor: Actor, @Query() page: PageQuery): Promise<LockoutPage> {
    return this.throttle.listLockouts(actor, page.limit, page.offset);
  }

  /** Lifts a lockout at once; audited. */
  @Roles('admin')
  @Delete('auth/lockouts/:id')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Lift a sign-in lockout' })
  async unlock(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    await this.throttle.unlock(actor, id);
  }
}
