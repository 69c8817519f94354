import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type AlertKind, AlertsService, type RaiseAlert } from '@escale/alerts';
import { AppConfig, Clock } from '@escale/platform';
import { DataSource } from 'typeorm';

const SCANNED_KINDS: AlertKind[] = ['welfare_check_overdue', 'authority_expiring', 'authority_expired', 'medical_report_unanswered', 'legal_limit_passed', 'rights_not_notified'];
/** How long after arrival a rights notice not yet handed over becomes an alert. */
const RIGHTS_NOTICE_DUE_MS = 2 * 3_600_000;

/**
 * Finds what is overdue or about to be, in every centre, and raises one alert per episode:
 * the episode key names the stay and the deadline, so scanning again raises nothing new, and
 * a new deadline (a check recorded, an extension granted) is a new episode. Alerts whose
 * episode has passed are resolved.
 */
@Injectable()
export class WelfareAlertsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly alerts: AlertsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async scan(): Promise<{ raised: number; current: number }> {
    const now = this.clock.now();
    const soon = new Date(now.getTime() + this.config.authorityExpiryWarningMs);
    return this.dataSource.transaction(async (manager) => {
      // One scan at a time across every worker.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('escale.welfare_alerts_scan'))`);
      const overdue = await manager.query<{ id: string; centre_id: string; due: Date; level: string }[]>(
        `SELECT id, centre_id, next_welfare_check_due AS due, welfare_level AS level FROM stays
          WHERE checked_out_at IS NULL AND next_welfare_check_due < $1`,
        [now],
      );
      const authority = await manager.query<{ id: string; centre_id: string; until: Date }[]>(
        `SELECT id, centre_id, authorised_until AS until FROM stays
          WHERE checked_out_at IS NULL AND authorised_until IS NOT NULL AND authorised_until <= $1`,
        [soon],
      );
      // A reception stay has no judge's clock, only the centre's maximum stay: past it, the person is held without a basis too.
      const pastLimit = await manager.query<{ id: string; centre_id: string; until: Date }[]>(
        `SELECT id, centre_id, legal_limit_at AS until FROM stays
          WHERE checked_out_at IS NULL AND authorised_until IS NULL AND legal_limit_at <= $1`,
        [now],
      );
      const reports = await manager.query<{ id: string; stay_id: string; centre_id: string; due: Date }[]>(
        `SELECT r.id, r.stay_id, s.centre_id, r.reply_due_at AS due FROM medical_reports r JOIN stays s ON s.id = r.stay_id
          WHERE r.replied_at IS NULL AND r.reply_due_at < $1`,
        [now],
      );
      // Rights not yet notified: in a removal centre the asylum-claim window has not even opened.
      const rights = await manager.query<{ id: string; centre_id: string; due: Date }[]>(
        `SELECT id, centre_id, checked_in_at + interval '2 hours' AS due FROM stays
          WHERE checked_out_at IS NULL AND rights_notified_at IS NULL AND checked_in_at < $1`,
        [new Date(now.getTime() - RIGHTS_NOTICE_DUE_MS)],
      );
      const candidates: RaiseAlert[] = [
        ...overdue.map((row) => ({
          centreId: row.centre_id,
          stayId: row.id,
          kind: 'welfare_check_overdue' as const,
          severity: row.level === 'standard' ? ('warning' as const) : ('urgent' as const),
          episodeKey: `welfare_check_overdue:${row.id}:${row.due.toISOString()}`,
          dueAt: row.due,
        })),
        ...authority.map((row) => {
          const expired = row.until <= now;
          const kind: AlertKind = expired ? 'authority_expired' : 'authority_expiring';
          return { centreId: row.centre_id, stayId: row.id, kind, severity: expired ? ('urgent' as const) : ('warning' as const), episodeKey: `${kind}:${row.id}:${row.until.toISOString()}`, dueAt: row.until };
        }),
        ...pastLimit.map((row) => ({
          centreId: row.centre_id,
          stayId: row.id,
          kind: 'legal_limit_passed' as const,
          severity: 'urgent' as const,
          episodeKey: `legal_limit_passed:${row.id}:${row.until.toISOString()}`,
          dueAt: row.until,
        })),
        ...rights.map((row) => ({
          centreId: row.centre_id,
          stayId: row.id,
          kind: 'rights_not_notified' as const,
          severity: 'warning' as const,
          episodeKey: `rights_not_notified:${row.id}`,
          dueAt: row.due,
        })),
        ...reports.map((row) => ({
          centreId: row.centre_id,
          stayId: row.stay_id,
          kind: 'medical_report_unanswered' as const,
          severity: 'urgent' as const,
          episodeKey: `medical_report_unanswered:${row.id}`,
          dueAt: row.due,
        })),
      ];
      const raised = await this.alerts.raiseMany(manager, candidates);
      await this.alerts.resolveAllExcept(manager, SCANNED_KINDS, candidates.map((candidate) => candidate.episodeKey));
      return { raised, current: candidates.length };
    });
  }

  /**
   * At the minute a placement's authority runs out (a job due then): the urgent alert, under the
   * scan's episode key, so the scan finds it raised and keeps it open until the stay closes.
   */
  async raiseExpiredAuthority(stayId: string): Promise<boolean> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const [stay] = await manager.query<{ id: string; centre_id: string; until: Date }[]>(
        `SELECT id, centre_id, authorised_until AS until FROM stays WHERE id = $1 AND checked_out_at IS NULL AND authorised_until <= $2`,
        [stayId, now],
      );
      if (!stay) return false;
      return this.alerts.raise(manager, { centreId: stay.centre_id, stayId: stay.id, kind: 'authority_expired', severity: 'urgent', episodeKey: `authority_expired:${stay.id}:${stay.until.toISOString()}`, dueAt: stay.until });
    });
  }
}
