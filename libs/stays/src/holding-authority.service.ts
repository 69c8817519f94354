import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService, auditEntry } from '@escale/audit';
import { type Actor, AppConfig, Clock, DomainError, Forbidden, JobName, OutboxService, pastTime } from '@escale/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { ExtendAuthorityDto } from './dto/extend-authority.dto.js';
import { nextExtension } from './holding-authority.js';
import { StayAccessService } from './stay-access.service.js';
import { StayExtension } from './stay-extension.entity.js';
import { Stay } from './stay.entity.js';
import type { RefuseExtensionDto } from './dto/refuse-extension.dto.js';
import { ExtensionRefusal } from './extension-refusal.entity.js';
import { AuthorityExpired, invalidField } from './stays.errors.js';
import { StaysService } from './stays.service.js';
import { toStayView, type StayView } from './stay.view.js';

export class ExtensionNotAllowed extends DomainError {
  constructor(reason: string) {
    super('EXTENSION_NOT_ALLOWED', `This extension is not allowed: ${reason}.`, { reason });
  }
}

export interface ExtensionView {
  id: string;
  sequence: number;
  days: number;
  decidedAt: string;
  decidedBy: string;
  authorisedUntil: string;
}

export interface RefusalView {
  id: string;
  decidedAt: string;
  decidedBy: string;
  releasedAt: string;
}

/** Where a removal-centre placement stands: its clocks, the extensions granted, and the next one allowed. */
export interface HoldingClock {
  authorisedUntil: string;
  legalLimitAt: string;
  asylumClaimWindowEndsAt: string | null;
  /** The placement's authority has run out: the person must be released unless a judge extends it. */
  expired: boolean;
  asylumClaimWindowOpen: boolean;
  extensions: { sequence: number; days: number; decidedAt: string; decidedBy: string; authorisedUntil: string }[];
  /** The next extension of the sequence, when one may still be granted. */
  next: { sequence: number; days: number } | null;
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
    private readonly outbox: OutboxService,
    private readonly staysService: StaysService,
  ) {}

  async extendAuthority(actor: Actor, stayId: string, input: ExtendAuthorityDto): Promise<{ extension: ExtensionView; stay: StayView }> {
    if (actor.role !== 'staff') throw new Forbidden();
    const decidedAt = pastTime(this.clock.now(), 'decidedAt', input.decidedAt, { maxBackdateMs: Number.POSITIVE_INFINITY });
    return this.dataSource.transaction(async (manager) => {
      const stay = await this.stays.find(manager, actor, stayId, { lock: true, open: true });
      const extension = await this.grantExtension(manager, actor, stay, { decidedAt, days: input.days, decidedBy: input.decidedBy });
      return { extension, stay: toStayView(stay) };
    });
  }

  /**
   * A judge's extension of an open removal stay, locked by the caller, in the caller's transaction:
   * the rules of the sequence and of the authority, the stay's `authorisedUntil`, and the expiry job.
   */
  async grantExtension(manager: EntityManager, actor: Actor, stay: Stay, input: { decidedAt: Date; days: number; decidedBy: string }): Promise<ExtensionView> {
    const { decidedAt } = input;
    const centre = await this.stays.centreOf(manager, stay);
    if (centre.kind !== 'removal' || !stay.authorisedUntil) throw new ExtensionNotAllowed('only a placement in a removal centre is extended');
    if (decidedAt < stay.checkedInAt) throw invalidField('decidedAt', 'must not be before the check-in');
    // CESEDA L742-4: a judge extends an authority that still runs; once it has run out the person must be released.
    if (decidedAt > stay.authorisedUntil) throw new AuthorityExpired(stay.authorisedUntil);
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
    await this.outbox.schedule(manager, JobName.RaiseAuthorityExpired, { stayId: stay.id }, { availableAt: decision.authorisedUntil });
    await this.audit.record(manager, auditEntry(actor, 'stay.extend', 'stay', stay.id, stay.centreId));
    return { id: extension.id, sequence: n + 1, days: extension.days, decidedAt: decidedAt.toISOString(), decidedBy: extension.decidedBy, authorisedUntil: decision.authorisedUntil.toISOString() };
  }

  /**
   * A judge refused to extend the placement (or ordered the release): the decision is recorded as
   * such and the person is released by the court, in one transaction.
   */
  async refuseExtension(actor: Actor, stayId: string, input: RefuseExtensionDto): Promise<{ refusal: RefusalView; stay: StayView }> {
    if (actor.role !== 'staff') throw new Forbidden();
    const now = this.clock.now();
    const decidedAt = pastTime(now, 'decidedAt', input.decidedAt, { maxBackdateMs: Number.POSITIVE_INFINITY });
    const releasedAt = pastTime(now, 'releasedAt', input.releasedAt);
    return this.dataSource.transaction(async (manager) => {
      const stay = await this.stays.find(manager, actor, stayId, { lock: true, open: true });
      const refusal = await this.releaseByCourt(manager, actor, stay, { decidedAt, decidedBy: input.decidedBy, releasedAt });
      return { refusal, stay: toStayView(stay) };
    });
  }

  /** A judge's refusal on an open removal stay, locked by the caller, in the caller's transaction: the person is released by the court. */
  async releaseByCourt(manager: EntityManager, actor: Actor, stay: Stay, input: { decidedAt: Date; decidedBy: string; releasedAt: Date }): Promise<RefusalView> {
    const { decidedAt, releasedAt } = input;
    const centre = await this.stays.centreOf(manager, stay);
    if (centre.kind !== 'removal' || !stay.authorisedUntil) throw new ExtensionNotAllowed('only a placement in a removal centre is extended or refused');
    if (decidedAt < stay.checkedInAt) throw invalidField('decidedAt', 'must not be before the check-in');
    if (releasedAt < decidedAt) throw invalidField('releasedAt', 'must not be before the decision');
    const refusal = manager.create(ExtensionRefusal, { stayId: stay.id, decidedAt, decidedBy: input.decidedBy.trim(), releasedAt, recordedBy: actor.userId });
    await manager.save(refusal);
    await this.audit.record(manager, auditEntry(actor, 'stay.extension_refused', 'stay', stay.id, stay.centreId));
    await this.staysService.depart(manager, actor, stay, { at: releasedAt, reason: 'released_by_court', destination: null });
    return { id: refusal.id, decidedAt: decidedAt.toISOString(), decidedBy: refusal.decidedBy, releasedAt: releasedAt.toISOString() };
  }

  /** The holding clock of a stay in the actor's centres; null when it has none (a reception centre). */
  async holdingClock(actor: Actor, stayId: string): Promise<HoldingClock | null> {
    if (actor.role !== 'staff' && actor.role !== 'caseworker') throw new Forbidden();
    const manager = this.dataSource.manager;
    const stay = await this.stays.find(manager, actor, stayId);
    if (!stay.authorisedUntil) return null;
    const now = this.clock.now();
    // As extendAuthority counts them: every extension of the placement, across transfers between removal centres.
    const extensions = await manager.query<{ days: number; decided_at: Date; decided_by: string; authorised_until: Date }[]>(
      `SELECT e.days, e.decided_at, e.decided_by, e.authorised_until FROM stay_extensions e JOIN stays s ON s.id = e.stay_id
        WHERE s.case_id = $1 AND s.legal_limit_at = $2 ORDER BY e.authorised_until, e.decided_at`,
      [stay.caseId, stay.legalLimitAt],
    );
    const expected = this.config.extensionSequenceDays[extensions.length];
    const decision =
      expected === undefined
        ? null
        : nextExtension({ sequenceDays: this.config.extensionSequenceDays, maxDays: this.config.removalMaxDays }, { legalLimitAt: stay.legalLimitAt, authorisedUntil: stay.authorisedUntil, extensionsSoFar: extensions.length }, expected);
    return {
      authorisedUntil: stay.authorisedUntil.toISOString(),
      legalLimitAt: stay.legalLimitAt.toISOString(),
      asylumClaimWindowEndsAt: stay.asylumClaimWindowEndsAt?.toISOString() ?? null,
      expired: stay.authorisedUntil <= now,
      asylumClaimWindowOpen: stay.asylumClaimWindowEndsAt !== null && stay.asylumClaimWindowEndsAt > now,
      extensions: extensions.map((row, index) => ({
        sequence: index + 1,
        days: row.days,
        decidedAt: row.decided_at.toISOString(),
        decidedBy: row.decided_by,
        authorisedUntil: row.authorised_until.toISOString(),
      })),
      next: decision?.allowed ? { sequence: extensions.length + 1, days: expected } : null,
    };
  }

  async listExtensions(stayId: string): Promise<StayExtension[]> {
    return this.dataSource.manager.find(StayExtension, { where: { stayId }, order: { sequenceIndex: 'ASC' } });
  }
}
