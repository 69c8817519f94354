import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CreateUserDto, MfaService, toUserView, UpdateUserDto, UsersService } from '@escale/auth';
import { type Actor, PageQuery } from '@escale/platform';
import { Roles } from '../http/access.decorator.js';
import { CurrentActor } from '../http/current-actor.decorator.js';
import { UserPage, UserResponse } from './api.responses.js';
import { IdPipe } from './id.pipe.js';
import { ApiErrors } from './openapi/api-errors.js';

@ApiTags('users')
@ApiBearerAuth()
@Controller('api/v1/users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly mfa: MfaService,
  ) {}

  @Roles('admin')
  @Post()
  @ApiCreatedResponse({ type: UserResponse })
  @ApiOperation({ summary: 'Create a user' })
  @ApiErrors('EMAIL_TAKEN')
  async create(@CurrentActor() actor: Actor, @Body() body: CreateUserDto): Promise<UserResponse> {
    return toUserView(await this.users.createUser(actor, body));
  }

  @Roles('admin')
  @Get()
  @ApiOkResponse({ type: UserPage })
  @ApiOperation({ summary: 'Users' })
  async list(@CurrentActor() actor: Actor, @Query() page: PageQuery): Promise<UserPage> {
    const result = await this.users.listUsers(actor, page.limit, page.offset);
    return { ...result, items: result.items.map(toUserView) };
  }

  /** Changes the role, the centres, or disables the account (or enables it again); 409 LAST_ADMIN when no active administrator would be left. */
  @Roles('admin')
  @Patch(':id')
  @ApiOkResponse({ type: UserResponse })
  @ApiOperation({ summary: 'Change a user’s role or centres, or disable or re-enable them' })
  async update(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: UpdateUserDto): Promise<UserResponse> {
    return toUserView(await this.users.updateUser(actor, id, body));
  }

  /** Turns a user's two-factor sign-in off (a lost device); they set it up again at their next sign-in. */
  @Roles('admin')
  @Delete(':id/mfa')
  @HttpCode(204)
  @ApiOperation({ summary: 'Turn a user’s two-factor sign-in off (a lost device)' })
  async resetMfa(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string): Promise<void> {
    await this.mfa.reset(actor, id);
  }
}
