import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DutyContactsService } from '@escale/centres';
import { AppConfig, Clock, JobName, OutboxService } from '@escale/platform';
import { DataSource } from 'typeorm';
import { AlertEscalation } from './alert-escalation.entity.js';

const MINUTE_MS = 60_000;

/**
 * An urgent alert nobody acknowledges does not stay where it is: every ALERT_ESCALATION_MINUTES
 * it goes to the centre's duty contacts (inbox and email), until someone acknowledges it or what
 * it was about is resolved. Round n falls n periods after the alert was raised; a round that was
 * missed (the worker was down) is not sent twice, the current one is sent once.
 */
@Injectable()
export class AlertEscalationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly dutyContacts: DutyContactsService,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Escalates every urgent alert whose next round is due; returns how many were escalated. */
  async escalateDue(): Promise<number> {
    const now = this.clock.now();
    const periodMs = this.config.alertEscalationMinutes * MINUTE_MS;
    return this.dataSource.transaction(async (manager) => {
      const due = await manager.query<{ id: string; centre_id: string; round: number }[]>(
        `SELECT a.id, a.centre_id, floor(extract(epoch FROM ($1::timestamptz - a.raised_at)) * 1000 / $2)::int AS round
           FROM alerts a
          WHERE a.resolved_at IS NULL AND a.acknowledged_at IS NULL AND a.severity = 'urgent' AND a.raised_at <= $1::timestamptz - make_interval(secs => $2 / 1000.0)
            AND NOT EXISTS (SELECT 1 FROM alert_escalations e WHERE e.alert_id = a.id
                             AND e.round >= floor(extract(epoch FROM ($1::timestamptz - a.raised_at)) * 1000 / $2))
          ORDER BY a.raised_at, a.id
          FOR UPDATE OF a SKIP LOCKED`,
        [now, periodMs],
      );
      let escalated = 0;
      for (const alert of due) {
        const contacts = await this.dutyContacts.contactsOf(manager, alert.centre_id);
        const inserted = await manager
          .createQueryBuilder()
          .insert()
          .into(AlertEscalation)
          .values({ alertId: alert.id, round: alert.round, escalatedAt: now, recipients: contacts.length })
          .orIgnore()
          .execute();
        if (inserted.raw.length === 0) continue;
        escalated += 1;
        if (contacts.length) await this.outbox.schedule(manager, JobName.DeliverAlertEscalation, { alertId: alert.id, round: alert.round });
      }
      return escalated;
    });
  }
}
