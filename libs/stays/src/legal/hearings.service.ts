import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService, auditEntry } from '@escale/audit';
import { type Actor, Clock, Forbidden, NotFound, type Page, pastTime, ValidationFailed } from '@escale/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { type ExtensionView, HoldingAuthorityService, type RefusalView } from '../holding-authority.service.js';
import { StayAccessService } from '../stay-access.service.js';
import type { Stay } from '../stay.entity.js';
import { toStayView, type StayView } from '../stay.view.js';
import { invalidField } from '../stays.errors.js';
import type { RecordHearingOutcomeDto, ScheduleHearingDto } from './dto/hearing.dto.js';
import { Hearing } from './hearing.entity.js';
import { actingStay, STAYS_UP_TO } from './legal-record-access.js';
import { AlreadyRecorded, RemovalCentreOnly } from './legal-record.errors.js';

export interface HearingView {
  id: string;
  stayId: string;
  scheduledAt: string;
  court: string;
  purpose: Hearing['purpose'];
  outcome: Hearing['outcome'];
  decidedAt: string | null;
  extensionId: string | null;
  extensionRefusalId: string | null;
  adjournedFromId: string | null;
}

export interface HearingList extends Page<HearingView> {
  /** An open removal stay whose authority ends with no hearing scheduled before then (and an extension still possible). */
  authorityEndsWithoutHearing: boolean;
}

export interface HearingOutcomeResult {
  hearing: HearingView;
  stay: StayView;
  extension?: ExtensionView;
  refusal?: RefusalView;
  nextHearing?: HearingView;
}

const LIST_LIMIT = 500;

/** Ends a preview's transaction: rolled back, whatever it did. */
class PreviewRolledBack extends Error {}
const READERS: readonly Actor['role'][] = ['staff', 'caseworker'];

export function toHearingView(row: Hearing): HearingView {
  return {
    id: row.id,
    stayId: row.stayId,
    scheduledAt: row.scheduledAt.toISOString(),
    court: row.court,
    purpose: row.purpose,
    outcome: row.outcome,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    extensionId: row.extensionId,
    extensionRefusalId: row.extensionRefusalId,
    adjournedFromId: row.adjournedFromId,
  };
}

/** Which fields an outcome takes: anything else sent with it is a mistake, not ignored. */
const OUTCOME_FIELDS = { days: 'extension_granted', releasedAt: 'refused', adjournedTo: 'adjourned' } as const;

/**
 * The judge's hearings (JLD) of a placement in a removal centre. An outcome goes through the
 * holding authority's own rules: an extension granted is the placement's next extension
 * (CESEDA L742-4: never once the authority has run out), a refusal releases the person.
 */
@Injectable()
export class HearingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly stays: StayAccessService,
    private readonly holding: HoldingAuthorityService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async schedule(actor: Actor, stayId: string, input: ScheduleHearingDto): Promise<HearingView> {
    if (actor.role !== 'staff') throw new Forbidden();
    const scheduledAt = new Date(input.scheduledAt);
    return this.dataSource.transaction(async (manager) => {
      const stay = await this.stays.find(manager, actor, stayId, { lock: true, open: true });
      if ((await this.stays.centreOf(manager, stay)).kind !== 'removal' || !stay.authorisedUntil) throw new RemovalCentreOnly();
      if (scheduledAt < stay.checkedInAt) throw invalidField('scheduledAt', 'must not be before the check-in');
      const hearing = manager.create(Hearing, { stayId: stay.id, scheduledAt, court: input.court, purpose: input.purpose, scheduledBy: actor.userId });
      await manager.save(hearing);
      await this.audit.record(manager, auditEntry(actor, 'hearing.schedule', 'stay', stay.id, stay.centreId));
      return toHearingView(hearing);
    });
  }

  async list(actor: Actor, stayId: string): Promise<HearingList> {
    if (!READERS.includes(actor.role)) throw new Forbidden();
    return this.dataSource.transaction(async (manager) => {
      const stay = await this.stays.find(manager, actor, stayId);
      const rows = await manager
        .createQueryBuilder(Hearing, 'h')
        .where(`h.stay_id IN (${STAYS_UP_TO})`)
        .setParameters({ caseId: stay.caseId, checkedInAt: stay.checkedInAt })
        .orderBy('h.scheduled_at')
        .addOrderBy('h.created_at')
        .addOrderBy('h.id')
        .limit(LIST_LIMIT)
        .getMany();
      await this.audit.record(manager, auditEntry(actor, 'hearing.list', 'stay', stay.id, stay.centreId));
      const items = rows.map(toHearingView);
      return { items, total: items.length, limit: LIST_LIMIT, offset: 0, authorityEndsWithoutHearing: this.endsWithoutHearing(stay, rows) };
    });
  }

  async get(actor: Actor, hearingId: string): Promise<HearingView> {
    if (!READERS.includes(actor.role)) throw new Forbidden();
    return this.dataSource.transaction(async (manager) => {
      const hearing = await manager.findOne(Hearing, { where: { id: hearingId } });
      if (!hearing) throw new NotFound('hearing');
      const stay = await actingStay(manager, actor, hearing.stayId, 'hearing');
      await this.audit.record(manager, auditEntry(actor, 'hearing.read', 'stay', stay.id, stay.centreId));
      return toHearingView(hearing);
    });
  }

  async recordOutcome(actor: Actor, hearingId: string, input: RecordHearingOutcomeDto): Promise<HearingOutcomeResult> {
    if (actor.role !== 'staff') throw new Forbidden();
    return this.dataSource.transaction((manager) => this.applyOutcome(manager, actor, hearingId, input));
  }

  /**
   * What recording this outcome would do, under every rule the recording applies, with nothing
   * kept: the same work in a transaction rolled back. The pages confirm with it.
   */
  async previewOutcome(actor: Actor, hearingId: string, input: RecordHearingOutcomeDto): Promise<HearingOutcomeResult> {
    if (actor.role !== 'staff') throw new Forbidden();
    let preview: HearingOutcomeResult | undefined;
    try {
      await this.dataSource.transaction(async (manager) => {
        preview = await this.applyOutcome(manager, actor, hearingId, input);
        throw new PreviewRolledBack();
      });
    } catch (error) {
      if (!(error instanceof PreviewRolledBack)) throw error;
    }
    return preview!;
  }

  private async applyOutcome(manager: EntityManager, actor: Actor, hearingId: string, input: RecordHearingOutcomeDto): Promise<HearingOutcomeResult> {
    const now = this.clock.now();
    const decidedAt = pastTime(now, 'decidedAt', input.decidedAt, { maxBackdateMs: Number.POSITIVE_INFINITY });
    const stray = Object.entries(OUTCOME_FIELDS).filter(([field, outcome]) => input[field as keyof typeof OUTCOME_FIELDS] !== undefined && input.outcome !== outcome);
    if (stray.length) throw new ValidationFailed(Object.fromEntries(stray.map(([field, outcome]) => [field, [`only with the outcome ${outcome}`]])));
    const found = await manager.findOne(Hearing, { where: { id: hearingId } });
    if (!found) throw new NotFound('hearing');
    const current = await actingStay(manager, actor, found.stayId, 'hearing');
    const stay = await this.stays.find(manager, actor, current.id, { lock: true, open: true });
    const hearing = await this.lockHearing(manager, hearingId);
    if (hearing.outcome) throw new AlreadyRecorded('hearing_outcome');
    if (decidedAt < stay.checkedInAt) throw invalidField('decidedAt', 'must not be before the check-in');
    const decidedBy = input.decidedBy ?? hearing.court;
    const result: Omit<HearingOutcomeResult, 'hearing' | 'stay'> = {};
    const change: Partial<Hearing> = { outcome: input.outcome, decidedAt, outcomeRecordedBy: actor.userId, outcomeRecordedAt: now };
    if (input.outcome === 'extension_granted') {
      result.extension = await this.holding.grantExtension(manager, actor, stay, { decidedAt, days: input.days!, decidedBy });
      change.extensionId = result.extension.id;
    } else if (input.outcome === 'refused') {
      const releasedAt = pastTime(now, 'releasedAt', input.releasedAt, { maxBackdateMs: Number.POSITIVE_INFINITY });
      result.refusal = await this.holding.releaseByCourt(manager, actor, stay, { decidedAt, decidedBy, releasedAt });
      change.extensionRefusalId = result.refusal.id;
    } else {
      const resumesAt = new Date(input.adjournedTo!);
      if (resumesAt <= decidedAt) throw invalidField('adjournedTo', 'must be after the decision to adjourn');
      const next = manager.create(Hearing, { stayId: stay.id, scheduledAt: resumesAt, court: hearing.court, purpose: hearing.purpose, adjournedFromId: hearing.id, scheduledBy: actor.userId });
      await manager.save(next);
      result.nextHearing = toHearingView(next);
    }
    await manager.update(Hearing, { id: hearing.id }, change);
    Object.assign(hearing, change);
    await this.audit.record(manager, auditEntry(actor, 'hearing.outcome', 'stay', stay.id, stay.centreId));
    return { hearing: toHearingView(hearing), stay: toStayView(stay), ...result };
  }

  private async lockHearing(manager: EntityManager, id: string): Promise<Hearing> {
    return (await manager.createQueryBuilder(Hearing, 'h').setLock('pessimistic_write').where('h.id = :id', { id }).getOne())!;
  }

  private endsWithoutHearing(stay: Stay, rows: Hearing[]): boolean {
    if (stay.checkedOutAt || !stay.authorisedUntil || stay.authorisedUntil >= stay.legalLimitAt) return false;
    return !rows.some((row) => row.outcome === null && row.scheduledAt <= stay.authorisedUntil!);
  }
}
