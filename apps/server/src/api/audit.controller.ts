import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditQuery, AuditService } from '@escale/audit';
import type { Actor } from '@escale/platform';
import { Roles } from '../http/access.decorator.js';
import { CurrentActor } from '../http/current-actor.decorator.js';
import { AuditEventPage } from './api.responses.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Roles('admin', 'auditor')
  @Get()
  @ApiOkResponse({ type: AuditEventPage })
  @ApiOperation({ summary: 'Browse the audit log' })
  async list(@CurrentActor() actor: Actor, @Query() query: AuditQuery): Promise<AuditEventPage> {
    const page = await this.audit.browse(actor, query);
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
        subjectIds: e.subjectIds,
      })),
    };
  }
}
