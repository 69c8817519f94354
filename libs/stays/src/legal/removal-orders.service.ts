import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService, auditEntry } from '@escale/audit';
import { type Actor, AppConfig, Clock, Forbidden, NotFound, type Page, pastTime } from '@escale/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { StayAccessService } from '../stay-access.service.js';
import { invalidField } from '../stays.errors.js';
import type { LodgeAppealDto, RecordAppealDecisionDto, RecordRemovalOrderDto } from './dto/removal-order.dto.js';
import { appealDeadlineAt } from './appeal-deadline.js';
import { actingStay, STAYS_UP_TO } from './legal-record-access.js';
import { AlreadyRecorded, AppealNotLodged } from './legal-record.errors.js';
import { RemovalOrder, type RemovalOrderKind } from './removal-order.entity.js';

export interface RemovalOrderView {
  id: string;
  stayId: string;
  kind: RemovalOrderKind;
  issuedBy: string | null;
  notifiedAt: string;
  appealDeadlineAt: string;
  /** No appeal recorded and the deadline not yet passed. */
  appealOpen: boolean;
  appeal: { lodgedAt: string; court: string; inTime: boolean } | null;
  decision: { decidedAt: string; outcome: RemovalOrder['decision'] } | null;
}

const LIST_LIMIT = 500;
const READERS: readonly Actor['role'][] = ['staff', 'caseworker'];

export function toRemovalOrderView(row: RemovalOrder, now: Date): RemovalOrderView {
  return {
    id: row.id,
    stayId: row.stayId,
    kind: row.kind,
    issuedBy: row.issuedBy,
    notifiedAt: row.notifiedAt.toISOString(),
    appealDeadlineAt: row.appealDeadlineAt.toISOString(),
    appealOpen: row.appealLodgedAt === null && row.appealDeadlineAt > now,
    appeal: row.appealLodgedAt ? { lodgedAt: row.appealLodgedAt.toISOString(), court: row.appealCourt!, inTime: row.appealLodgedAt <= row.appealDeadlineAt } : null,
    decision: row.decidedAt ? { decidedAt: row.decidedAt.toISOString(), outcome: row.decision } : null,
  };
}

/**
 * Orders to leave France notified during a stay, and their appeal: the deadline runs from the
 * notification (48 hours without a voluntary departure period, 30 days with one, by default),
 * then the appeal lodged and the court's decision.
 */
@Injectable()
export class RemovalOrdersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly stays: StayAccessService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** When the time to appeal an order of this kind, notified then, runs out. */
  appealDeadline(kind: RemovalOrderKind, notifiedAt: Date): Date {
    return appealDeadlineAt(kind, notifiedAt, { withoutDeparturePeriodMs: this.config.removalOrderAppealMs, withDeparturePeriodMs: this.config.removalOrderWithDepartureAppealMs });
  }

  async record(actor: Actor, stayId: string, input: RecordRemovalOrderDto): Promise<RemovalOrderView> {
    if (actor.role !== 'staff') throw new Forbidden();
    const now = this.clock.now();
    const notifiedAt = pastTime(now, 'notifiedAt', input.notifiedAt, { maxBackdateMs: Number.POSITIVE_INFINITY });
    return this.dataSource.transaction(async (manager) => {
      const stay = await this.stays.find(manager, actor, stayId, { lock: true });
      if (notifiedAt < stay.checkedInAt) throw invalidField('notifiedAt', 'must not be before the check-in');
      if (stay.checkedOutAt && notifiedAt > stay.checkedOutAt) throw invalidField('notifiedAt', 'must not be after the check-out');
      const order = manager.create(RemovalOrder, {
        stayId: stay.id,
        kind: input.kind,
        issuedBy: input.issuedBy ?? null,
        notifiedAt,
        appealDeadlineAt: this.appealDeadline(input.kind, notifiedAt),
        recordedBy: actor.userId,
      });
      await manager.save(order);
      await this.audit.record(manager, auditEntry(actor, 'removal_order.create', 'stay', stay.id, stay.centreId));
      return toRemovalOrderView(order, now);
    });
  }

  async list(actor: Actor, stayId: string): Promise<Page<RemovalOrderView>> {
    if (!READERS.includes(actor.role)) throw new Forbidden();
    return this.dataSource.transaction(async (manager) => {
      const stay = await this.stays.find(manager, actor, stayId);
      const rows = await manager
        .createQueryBuilder(RemovalOrder, 'o')
        .where(`o.stay_id IN (${STAYS_UP_TO})`, { caseId: stay.caseId, checkedInAt: stay.checkedInAt })
        .orderBy('o.notified_at')
        // Orders notified at the same time, in the order they were recorded.
        .addOrderBy('o.created_at')
        .addOrderBy('o.id')
        .limit(LIST_LIMIT)
        .getMany();
      await this.audit.record(manager, auditEntry(actor, 'removal_order.list', 'stay', stay.id, stay.centreId));
      const now = this.clock.now();
      return { items: rows.map((row) => toRemovalOrderView(row, now)), total: rows.length, limit: LIST_LIMIT, offset: 0 };
    });
  }

  async get(actor: Actor, orderId: string): Promise<RemovalOrderView> {
    if (!READERS.includes(actor.role)) throw new Forbidden();
    return this.dataSource.transaction(async (manager) => {
      const order = await manager.findOne(RemovalOrder, { where: { id: orderId } });
      if (!order) throw new NotFound('removal order');
      const stay = await actingStay(manager, actor, order.stayId, 'removal order');
      await this.audit.record(manager, auditEntry(actor, 'removal_order.read', 'stay', stay.id, stay.centreId));
      return toRemovalOrderView(order, this.clock.now());
    });
  }

  async lodgeAppeal(actor: Actor, orderId: string, input: LodgeAppealDto): Promise<RemovalOrderView> {
    if (actor.role !== 'staff') throw new Forbidden();
    const now = this.clock.now();
    const lodgedAt = pastTime(now, 'lodgedAt', input.lodgedAt, { maxBackdateMs: Number.POSITIVE_INFINITY });
    return this.dataSource.transaction(async (manager) => {
      const { order, stay } = await this.lockOrder(manager, actor, orderId);
      if (order.appealLodgedAt) throw new AlreadyRecorded('appeal');
      if (lodgedAt < order.notifiedAt) throw invalidField('lodgedAt', 'must not be before the order was notified');
      const change = { appealLodgedAt: lodgedAt, appealCourt: input.court, appealRecordedBy: actor.userId };
      await manager.update(RemovalOrder, { id: order.id }, change);
      Object.assign(order, change);
      await this.audit.record(manager, auditEntry(actor, 'removal_order.appeal', 'stay', stay.id, stay.centreId));
      return toRemovalOrderView(order, now);
    });
  }

  async recordDecision(actor: Actor, orderId: string, input: RecordAppealDecisionDto): Promise<RemovalOrderView> {
    if (actor.role !== 'staff') throw new Forbidden();
    const now = this.clock.now();
    const decidedAt = pastTime(now, 'decidedAt', input.decidedAt, { maxBackdateMs: Number.POSITIVE_INFINITY });
    return this.dataSource.transaction(async (manager) => {
      const { order, stay } = await this.lockOrder(manager, actor, orderId);
      if (!order.appealLodgedAt) throw new AppealNotLodged();
      if (order.decidedAt) throw new AlreadyRecorded('appeal_decision');
      if (decidedAt < order.appealLodgedAt) throw invalidField('decidedAt', 'must not be before the appeal was lodged');
      const change = { decidedAt, decision: input.outcome, decisionRecordedBy: actor.userId };
      await manager.update(RemovalOrder, { id: order.id }, change);
      Object.assign(order, change);
      await this.audit.record(manager, auditEntry(actor, 'removal_order.decision', 'stay', stay.id, stay.centreId));
      return toRemovalOrderView(order, now);
    });
  }

  /** The order, locked, and the stay that holds it now, in the actor's centres (404 otherwise). */
  private async lockOrder(manager: EntityManager, actor: Actor, orderId: string) {
    const found = await manager.findOne(RemovalOrder, { where: { id: orderId } });
    if (!found) throw new NotFound('removal order');
    const stay = await actingStay(manager, actor, found.stayId, 'removal order');
    const order = (await manager.createQueryBuilder(RemovalOrder, 'o').setLock('pessimistic_write').where('o.id = :id', { id: orderId }).getOne())!;
    return { order, stay };
  }
}
