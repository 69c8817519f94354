import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService, auditEntry } from '@escale/audit';
import { actorOf, UsersService } from '@escale/auth';
import { type Actor, AppConfig, Clock, DEFAULT_LOCALE, Forbidden, isLocale, NotFound } from '@escale/platform';
import { DataSource } from 'typeorm';
import { agendaCalendar } from './agenda-calendar.js';
import { AGENDA_READERS, AgendaService } from './agenda.service.js';
import { CalendarFeed } from './calendar-feed.entity.js';

const DAY_MS = 86_400_000;
/** A feed holds what is overdue and what falls due in the next 30 days. */
export const FEED_DAYS = 30;
/** The most events a feed holds, soonest first. */
export const FEED_MAX_EVENTS = 1_000;
const TOKEN_PREFIX = 'ecal_';
const TOKEN = /^ecal_[A-Za-z0-9_-]{43}$/;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Where a feed read or change comes from, for its audit event. */
export interface FeedOrigin {
  origin?: string;
  requestId?: string;
}

export interface FeedStatus {
  issuedAt: string;
}

/**
 * Personal calendar feeds (table `calendar_feeds`; the owner's role, centres, language and
 * whether the account is disabled come from the users' context). A feed is addressed by a secret token;
 * only its SHA-256 is stored, so the address is shown once, when it is issued.
 */
@Injectable()
export class CalendarFeedService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly agenda: AgendaService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Issues the caller's feed address, replacing any earlier one (which stops working at once). */
  async issue(actor: Actor): Promise<{ url: string }> {
    if (!AGENDA_READERS.includes(actor.role)) throw new Forbidden();
    const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO calendar_feeds (user_id, token_hash, issued_at) VALUES ($1, $2, $3)
         ON CONFLICT (user_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, issued_at = EXCLUDED.issued_at`,
        [actor.userId, hashToken(token), this.clock.now()],
      );
      await this.audit.record(manager, auditEntry(actor, 'agenda.feed_issue', 'user', actor.userId));
    });
    return { url: this.urlOf(token) };
  }

  /** Revokes the caller's feed; 404 when they have none. */
  async revoke(actor: Actor): Promise<void> {
    if (!AGENDA_READERS.includes(actor.role)) throw new Forbidden();
    await this.dataSource.transaction(async (manager) => {
      const removed = await manager.delete(CalendarFeed, { userId: actor.userId });
      if (!removed.affected) throw new NotFound('calendar feed');
      await this.audit.record(manager, auditEntry(actor, 'agenda.feed_revoke', 'user', actor.userId));
    });
  }

  /** Whether the caller has a feed, and since when. */
  async status(actor: Actor): Promise<FeedStatus | null> {
    if (!AGENDA_READERS.includes(actor.role)) throw new Forbidden();
    const feed = await this.dataSource.manager.findOneBy(CalendarFeed, { userId: actor.userId });
    return feed ? { issuedAt: feed.issuedAt.toISOString() } : null;
  }

  /**
   * The iCalendar text of the feed a token opens, for its owner's current role and centres: 404
   * for a malformed, unknown or revoked token, a disabled account, or a role without an agenda.
   * The read is audited against the owner, without naming any person.
   */
  async read(token: string | undefined, from: FeedOrigin): Promise<string> {
    if (!token || !TOKEN.test(token)) throw new NotFound('calendar feed');
    const feed = await this.dataSource.manager.findOneBy(CalendarFeed, { tokenHash: hashToken(token) });
    const owner = feed && (await this.users.findActiveById(feed.userId));
    if (!owner || !AGENDA_READERS.includes(owner.role)) throw new NotFound('calendar feed');
    const actor = actorOf(owner, from);
    const now = this.clock.now();
    const entries = await this.agenda.dueBefore(actor, new Date(now.getTime() + FEED_DAYS * DAY_MS), FEED_MAX_EVENTS);
    await this.audit.recordAlone(auditEntry(actor, 'agenda.feed_read', 'user', actor.userId));
    return agendaCalendar(entries, { locale: isLocale(owner.locale) ? owner.locale : DEFAULT_LOCALE, publicUrl: this.config.publicUrl, now });
  }

  private urlOf(token: string): string {
    return `${this.config.publicUrl}/api/v1/agenda/calendar.ics?token=${token}`;
  }
}
