import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsUUID } from 'class-validator';
import { NoticesService } from '@escale/notices';
import type { Actor } from '@escale/platform';
import { Roles } from '../http/access.decorator.js';
import { CurrentActor } from '../http/current-actor.decorator.js';
import { IdPipe } from './id.pipe.js';

export class NoticesQuery {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  personId: string;
}

export class HandOverDto {
  @ApiProperty({ description: 'whether an interpreter gave the notice' })
  @IsBoolean()
  interpreterUsed: boolean;
}

@ApiTags('notices')
@ApiBearerAuth()
@Controller('api/v1')
export class NoticesController {
  constructor(private readonly notices: NoticesService) {}

  @Roles('staff', 'caseworker')
  @Get('notices')
  async list(@CurrentActor() actor: Actor, @Query() query: NoticesQuery) {
    const items = await this.notices.listForPerson(actor, query.personId);
    return { items, total: items.length, limit: items.length, offset: 0 };
  }

  @Roles('staff', 'caseworker')
  @Get('notices/:id')
  get(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    return this.notices.getNotice(actor, id);
  }

  @Roles('staff')
  @Post('notices/:id/handover')
  @HttpCode(200)
  handOver(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string, @Body() body: HandOverDto) {
    return this.notices.handOver(actor, id, body);
  }

  @Roles('staff')
  @Get('centres/:id/notices/to-hand-over')
  async toHandOver(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: string) {
    const items = await this.notices.toHandOver(actor, id);
    return { items, total: items.length, limit: 200, offset: 0 };
  }
}
