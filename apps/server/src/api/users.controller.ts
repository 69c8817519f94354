import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CreateUserDto, MfaService, toUserView, UsersService } from '@escale/auth';
import { type Actor, PageQuery } from '@escale/platform';
import { Roles } from '../http/access.decorator.js';
import { CurrentActor } from '../http/current-actor.decorator.js';
import { UserPage, UserResponse } from './api.responses.js';
import { IdPipe } from './id.pipe.js';
import { ApiErrors } from './openapi/api-errors.js';

class UpdateUserDto {
  @ApiProperty({ description: 'true disables the account: its tokens are revoked and its sessions destroyed' })
  @IsBoolean()
  disabled: boolean;
}

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

  @Roles('admin')
  @Patch(':id')
  @ApiOkResponse({ type: UserResponse })
  @ApiOperation({ summary: 'Disable or re-enable a user' })
  async update(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: UpdateUserDto): Promise<UserResponse> {
    return toUserView(await this.users.setDisabled(actor, id, body.disabled));
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
