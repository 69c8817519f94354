import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@escale/audit';
import { type Actor, AppConfig, Clock, DomainError, Forbidden } from '@escale/platform';
import { DataSource } from 'typeorm';
import type { ExtendAuthorityDto } from './dto/extend-authority.dto.js';
import { nextExtension } from './holding-authority.js';
import { StayAccessService } from './stay-access.service.js';
import { StayExtension } from './stay-extension.entity.js';
import { Stay } from './stay.entity.js';
import { invalidField } from './stays.errors.js';
import { toStayView, type StayView } from './stay.view.js';

export class ExtensionNotAllowed extends DomainError {
  constructor(reason: string) {
    super('EXTENSION_NOT_ALLOWED', `This extension is not allowed: ${reason}.`, { reason });
  }
}

/** Judges' extensions of a placement in a removal centre. */
@Injectable()
export class HoldingAuthorityService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly stays: StayAccessService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async extendAuthority(actor: Actor, stayId: string, input: ExtendAuthorityDto): Promise<{ extension: { id: string; sequence: number; days: number; decidedAt: string; decidedBy: string; authorisedUntil: string }; stay: StayView }> {
    if (actor.role !== 'staff') throw new Forbidden();
    const decidedAt = new Date(input.decidedAt);
    const now = this.clock.now();
    if (decidedAt.getTime() > now.getTime() + 60_000) throw invalidField('decidedAt', 'must not be in the future');
    return this.dataSource.transaction(async (manager) => {
      const stay = await this.stays.find(manager, actor, stayId, { lock: true, open: true });
      const centre = await this.stays.centreOf(manager, stay);
      if (centre.kind !== 'removal' || !stay.authorisedUntil) throw new ExtensionNotAllowed('only a placement in a removal centre is extended');
      if (decidedAt < stay.checkedInAt) throw invalidField('decidedAt', 'must not be before the check-in');
      // The placement continues across transfers between removal centres: count its extensions on every stay of it.
      const [{ n }] = await manager.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM stay_extensions e JOIN stays s ON s.id = e.stay_id WHERE s.case_id = $1 AND s.legal_limit_at = $2`,
        [stay.caseId, stay.legalLimitAt],
      );
      const decision = nextExtension(
        { sequenceDays: this.config.extensionSequenceDays, maxDays: this.config.removalMaxDays },
        { legalLimitAt: stay.legalLimitAt, authorisedUntil: stay.authorisedUntil, extensionsSoFar: n },
        input.days,
      );
      if (!decision.allowed) throw new ExtensionNotAllowed(decision.reason);
      const extension = manager.create(StayExtension, {
        stayId: stay.id,
        sequenceIndex: n,
        decidedAt,
        days: input.days,
        decidedBy: input.decidedBy.trim(),
        previousAuthorisedUntil: stay.authorisedUntil,
        authorisedUntil: decision.authorisedUntil,
        recordedBy: actor.userId,
      });
      await manager.save(extension);
      await manager.update(Stay, { id: stay.id }, { authorisedUntil: decision.authorisedUntil, version: stay.version + 1 });
      stay.authorisedUntil = decision.authorisedUntil;
      stay.version += 1;
      await this.audit.record(manager, { actorId: actor.userId, action: 'stay.extend', entityType: 'stay', entityId: stay.id, centreId: stay.centreId, origin: actor.origin, requestId: actor.requestId });
      return {
        extension: { id: extension.id, sequence: n + 1, days: extension.days, decidedAt: decidedAt.toISOString(), decidedBy: extension.decidedBy, authorisedUntil: decision.authorisedUntil.toISOString() },
        stay: toStayView(stay),
      };
    });
  }

  async listExtensions(stayId: string): Promise<StayExtension[]> {
    return this.dataSource.manager.find(StayExtension, { where: { stayId }, order: { sequenceIndex: 'ASC' } });
  }
}
