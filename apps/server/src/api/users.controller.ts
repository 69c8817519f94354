import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CreateUserDto, toUserView, UsersService } from '@escale/auth';
import { type Actor, PageQuery } from '@escale/platform';
import { Roles } from '../http/access.decorator.js';
import { CurrentActor } from '../http/current-actor.decorator.js';
import { UserPage, UserResponse } from './api.responses.js';

@ApiTags('users')
@ApiBearerAuth()
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Roles('admin')
  @Post()
  @ApiCreatedResponse({ type: UserResponse })
  async create(@CurrentActor() actor: Actor, @Body() body: CreateUserDto): Promise<UserResponse> {
    return toUserView(await this.users.createUser(actor, body));
  }

  @Roles('admin')
  @Get()
  @ApiOkResponse({ type: UserPage })
  async list(@CurrentActor() actor: Actor, @Query() page: PageQuery): Promise<UserPage> {
    const result = await this.users.listUsers(actor, page.limit, page.offset);
    return { ...result, items: result.items.map(toUserView) };
  }
}
