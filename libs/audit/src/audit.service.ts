import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Actor, Clock, type Page } from '@escale/platform';
import { DataSource, EntityManager, type FindOptionsWhere } from 'typeorm';
import { AuditEvent, type AuditOutcome } from './audit-event.entity.js';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  centreId?: string | null;
  outcome?: AuditOutcome;
  origin?: string | null;
  requestId?: string | null;
}

export interface AuditFilter {
  entityId?: string;
  actorId?: string;
  action?: string;
  limit: number;
  offset: number;
}

/** The one way any context writes the audit trail. */
@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Records an event in the caller's transaction, so it commits or rolls back with the change. */
  async record(manager: EntityManager, entry: AuditEntry): Promise<void> {
    await this.recordMany(manager, [entry]);
  }

  /** Records several events in one statement, for reads of many records at once (lists, boards). */
  async recordMany(manager: EntityManager, entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const at = this.clock.now();
    await manager.insert(
      AuditEvent,
      entries.map((entry) => ({
        at,
        actorId: entry.actorId,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId ?? null,
        centreId: entry.centreId ?? null,
        outcome: entry.outcome ?? 'success',
        origin: entry.origin ?? null,
        requestId: entry.requestId ?? null,
      })),
    );
  }

  /** Records an event on its own, for events with no surrounding change (denials, failed logins). */
  async recordAlone(entry: AuditEntry): Promise<void> {
    await this.record(this.dataSource.manager, entry);
  }

  async list(filter: AuditFilter): Promise<Page<AuditEvent>> {
    const where: FindOptionsWhere<AuditEvent> = {};
    if (filter.entityId) where.entityId = filter.entityId;
    if (filter.actorId) where.actorId = filter.actorId;
    if (filter.action) where.action = filter.action;
    const [items, total] = await this.dataSource.manager.findAndCount(AuditEvent, {
      where,
      order: { at: 'DESC', id: 'DESC' },
      take: filter.limit,
      skip: filter.offset,
    });
    return { items, total, limit: filter.limit, offset: filter.offset };
  }
}

/** The audit entry of something an actor did or read; every context builds its entries this way. */
export function auditEntry(actor: Actor, action: string, entityType: string, entityId?: string | null, centreId?: string | null): AuditEntry {
  return { actorId: actor.userId, action, entityType, entityId, centreId, origin: actor.origin, requestId: actor.requestId };
}
