import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService, auditEntry } from '@escale/audit';
import { type Actor, Clock, Forbidden, JobName, NotFound, OutboxService, type Page } from '@escale/platform';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import { Alert, type AlertKind, type AlertSeverity } from './alert.entity.js';

export interface RaiseAlert {
  centreId: string;
  stayId?: string | null;
  kind: AlertKind;
  severity: AlertSeverity;
  episodeKey: string;
  dueAt?: Date | null;
}

export interface AlertView {
  id: string;
  centreId: string;
  stayId: string | null;
  kind: AlertKind;
  severity: AlertSeverity;
  dueAt: string | null;
  raisedAt: string;
  acknowledgedAt: string | null;
  /** Who acknowledged it. */
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  /** How many times it went to the centre's duty contacts because nobody acknowledged it, and when last. */
  escalations: number;
  lastEscalatedAt: string | null;
}

export const toAlertView = (alert: Alert, escalation: { count: number; last: Date | null } = { count: 0, last: null }): AlertView => ({
  id: alert.id,
  centreId: alert.centreId,
  stayId: alert.stayId,
  kind: alert.kind,
  severity: alert.severity,
  dueAt: alert.dueAt?.toISOString() ?? null,
  raisedAt: alert.raisedAt.toISOString(),
  acknowledgedAt: alert.acknowledgedAt?.toISOString() ?? null,
  acknowledgedBy: alert.acknowledgedBy,
  resolvedAt: alert.resolvedAt?.toISOString() ?? null,
  escalations: escalation.count,
  lastEscalatedAt: escalation.last?.toISOString() ?? null,
});

@Injectable()
export class AlertsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly outbox: OutboxService,
  ) {}

  /** Each new alert reaches the centre's staff as a notice, through the outbox of the same transaction. */
  private async announce(manager: EntityManager, raw: unknown): Promise<number> {
    const rows = Array.isArray(raw) ? (raw as { id: string }[]) : [];
    for (const row of rows) await this.outbox.schedule(manager, JobName.DeliverAlertNotices, { alertId: row.id });
    return rows.length;
  }

  /** Raises an alert unless its episode already has one; returns whether it was new. */
  async raise(manager: EntityManager, alert: RaiseAlert): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(Alert)
      .values({ centreId: alert.centreId, stayId: alert.stayId ?? null, kind: alert.kind, severity: alert.severity, episodeKey: alert.episodeKey, dueAt: alert.dueAt ?? null, raisedAt: this.clock.now() })
      .orIgnore()
      .execute();
    return (await this.announce(manager, result.raw)) > 0;
  }

  /** Raises many alerts in one statement; episodes that already have one are left alone. Returns how many are new. */
  async raiseMany(manager: EntityManager, alerts: RaiseAlert[]): Promise<number> {
    if (alerts.length === 0) return 0;
    const now = this.clock.now();
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(Alert)
      .values(alerts.map((alert) => ({ centreId: alert.centreId, stayId: alert.stayId ?? null, kind: alert.kind, severity: alert.severity, episodeKey: alert.episodeKey, dueAt: alert.dueAt ?? null, raisedAt: now })))
      .orIgnore()
      .execute();
    return this.announce(manager, result.raw);
  }

  /** Resolves the open alerts of these kinds whose episode is no longer current. */
  async resolveAllExcept(manager: EntityManager, kinds: AlertKind[], currentKeys: string[]): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(Alert)
      .set({ resolvedAt: this.clock.now() })
      .where('kind IN (:...kinds)', { kinds })
      .andWhere('resolved_at IS NULL')
      .andWhere('NOT (episode_key = ANY(:keys))', { keys: currentKeys })
      .execute();
  }

  /** Closes the open alerts of a kind on a stay, once what they were about is done. */
  async resolve(manager: EntityManager, stayId: string, kinds: AlertKind[]): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(Alert)
      .set({ resolvedAt: this.clock.now() })
      .where('stay_id = :stayId', { stayId })
      .andWhere('kind IN (:...kinds)', { kinds })
      .andWhere('resolved_at IS NULL')
      .execute();
  }

  /** Closes every open alert of a stay: the person has left it. */
  async resolveAllOfStay(manager: EntityManager, stayId: string): Promise<void> {
    await manager.update(Alert, { stayId, resolvedAt: IsNull() }, { resolvedAt: this.clock.now() });
  }

  /** A departure undone: the stay's alerts resolved since it was recorded are open again, as they were. */
  async reopenResolvedSince(manager: EntityManager, stayId: string, since: Date): Promise<void> {
    await manager.query(`UPDATE alerts SET resolved_at = NULL WHERE stay_id = $1 AND resolved_at >= $2`, [stayId, since]);
  }

  async resolveEpisode(manager: EntityManager, episodeKey: string): Promise<void> {
    await manager.update(Alert, { episodeKey, resolvedAt: IsNull() }, { resolvedAt: this.clock.now() });
  }

  async list(actor: Actor, filter: { centreId?: string; open?: boolean; limit: number; offset: number }): Promise<Page<AlertView>> {
    if (actor.role !== 'staff' && actor.role !== 'admin') throw new Forbidden();
    const centreIds = actor.role === 'admin' ? null : filter.centreId ? [filter.centreId].filter((id) => actor.centreIds.includes(id)) : [...actor.centreIds];
    if (centreIds && filter.centreId && centreIds.length === 0) throw new NotFound('centre');
    const query = this.dataSource.manager.createQueryBuilder(Alert, 'a');
    if (centreIds) query.where('a.centre_id = ANY(:centreIds)', { centreIds });
    else if (filter.centreId) query.where('a.centre_id = :centreId', { centreId: filter.centreId });
    if (filter.open) query.andWhere('a.resolved_at IS NULL');
    const [alerts, total] = await query
      .orderBy(`CASE a.severity WHEN 'urgent' THEN 0 ELSE 1 END`)
      .addOrderBy('a.raised_at', 'DESC')
      .addOrderBy('a.id')
      .take(filter.limit)
      .skip(filter.offset)
      .getManyAndCount();
    const escalations = await this.escalationsOf(this.dataSource.manager, alerts.map((alert) => alert.id));
    // An alert says something of the stay it is about (a welfare check overdue, an age disputed): each stay named is an audited read.
    const stays = new Map(alerts.filter((alert) => alert.stayId !== null).map((alert) => [alert.stayId!, alert.centreId]));
    await this.audit.recordList(this.dataSource.manager, actor, 'alert.list', 'stay', [...stays].map(([id, centreId]) => ({ id, centreId })));
    return { items: alerts.map((alert) => toAlertView(alert, escalations.get(alert.id))), total, limit: filter.limit, offset: filter.offset };
  }

  /** How often each alert was escalated, and when last: one query for a page of alerts. */
  private async escalationsOf(manager: EntityManager, alertIds: string[]): Promise<Map<string, { count: number; last: Date | null }>> {
    if (alertIds.length === 0) return new Map();
    const rows = await manager.query<{ alert_id: string; n: number; last: Date }[]>(
      `SELECT alert_id, count(*)::int AS n, max(escalated_at) AS last FROM alert_escalations WHERE alert_id = ANY($1) GROUP BY alert_id`,
      [alertIds],
    );
    return new Map(rows.map((row) => [row.alert_id, { count: row.n, last: row.last }]));
  }

  /** How many alerts are open in a staff member's centres: one indexed count, for the page header. */
  async countOpen(actor: Actor): Promise<number> {
    if (actor.role !== 'staff' || actor.centreIds.length === 0) return 0;
    const [row] = await this.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM alerts WHERE centre_id = ANY($1) AND resolved_at IS NULL`, [[...actor.centreIds]]);
    return row?.n ?? 0;
  }

  async acknowledge(actor: Actor, alertId: string): Promise<AlertView> {
    if (actor.role !== 'staff') throw new Forbidden();
    return this.dataSource.transaction(async (manager) => {
      const alert = await manager.findOneBy(Alert, { id: alertId });
      if (!alert || !actor.centreIds.includes(alert.centreId)) throw new NotFound('alert');
      if (!alert.acknowledgedAt) {
        alert.acknowledgedAt = this.clock.now();
        alert.acknowledgedBy = actor.userId;
        await manager.update(Alert, { id: alert.id }, { acknowledgedAt: alert.acknowledgedAt, acknowledgedBy: actor.userId });
        await this.audit.record(manager, auditEntry(actor, 'alert.acknowledge', 'alert', alert.id, alert.centreId));
      }
      return toAlertView(alert, (await this.escalationsOf(manager, [alert.id])).get(alert.id));
    });
  }
}
