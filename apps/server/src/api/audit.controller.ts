import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsUUID, Matches } from 'class-validator';
import { AuditService } from '@escale/audit';
import { PageQuery } from '@escale/platform';
import { Roles } from '../http/access.decorator.js';
import { AuditEventPage } from './api.responses.js';

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  entityId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ example: 'auth.login_failed' })
  @IsOptional()
  @Matches(/^[a-z_]+\.[a-z_]+$/)
  action?: string;
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Roles('admin', 'auditor')
  @Get()
  @ApiOkResponse({ type: AuditEventPage })
  async list(@Query() query: AuditQuery): Promise<AuditEventPage> {
    const page = await this.audit.list(query);
    return {
      ...page,
      items: page.items.map((e) => ({
        id: e.id,
        at: e.at.toISOString(),
        actorId: e.actorId,
        action: e.action,
        entityType: e.entityType,
        entityId: e.entityId,
        centreId: e.centreId,
        outcome: e.outcome,
      })),
    };
  }
}
