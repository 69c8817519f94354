import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AlertEscalationService, AlertsService } from '@escale/alerts';
import { UsersService } from '@escale/auth';
import { CentresService, DutyContactsService } from '@escale/centres';
import { NoticesService } from '@escale/notices';
import { PeopleService } from '@escale/people';
import { type AppConfig, FixedClock } from '@escale/platform';
import { HoldingAuthorityService, StaysService } from '@escale/stays';
import { WelfareAlertsService, WelfareService } from '@escale/welfare';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { createServerApp } from '../../server/src/bootstrap.js';
import { WorkerModule } from '../../worker/src/worker.module.js';
import { OutboxJobs } from './driver/outbox-jobs.js';
import { OverdueObserver } from './driver/overdue-observer.js';
import { Reader } from './driver/reader.js';
import { type TriedCounts, World } from './driver/world.js';
import { computeFigures, FIGURE_NAMES, type FigureExamples, recordedCounts, type SafeguardingFigures } from './figures.js';
import { TIME } from './world/rates.js';

/** Tables whose rows change all day (updated, not only added): vacuumed and analysed every simulated day. */
const BUSY_TABLES = ['stays', 'beds', 'alerts', 'alert_escalations', 'outbox_messages', 'medical_reports', 'people', 'cases', 'households', 'tasks', 'stay_extensions', 'age_assessments', 'notice_deliveries'];

/** A Monday in January, after the wall clock of today: the simulated year needs a fixed start to be repeatable. */
export const DEFAULT_START = new Date('2027-01-04T00:00:00Z');

export interface SimulationOptions {
  /** The configuration of the run: its database must be freshly migrated and otherwise empty, its queue prefix its own. */
  config: AppConfig;
  days: number;
  centres: number;
  seed: number;
  start?: Date;
  /** Called once per simulated day with a line on how far the run has got. */
  onProgress?: (line: string) => void;
}

export interface SimulationReport {
  /** Every safeguarding figure is 0. */
  passed: boolean;
  days: number;
  centres: number;
  seed: number;
  start: string;
  end: string;
  wallClockSeconds: number;
  /** Simulated minutes at which something happened or could become due (the others were skipped). */
  steps: number;
  /** What each step after the first was taken for (the first reason that fell due at it). */
  stepsBy: Record<string, number>;
  figures: SafeguardingFigures;
  /** For a figure above zero: the first records (stay, alert, report, person or extension ids) that break its rule. */
  examples: FigureExamples;
  tried: TriedCounts & { urgentAlertsRaised: number; alertsEscalated: number; escalationRounds: number };
  /** What the services wrote, counted in the database. */
  recorded: Record<string, number | Record<string, number>>;
  /** Outbox jobs run through the worker's processors, by name. */
  jobs: Record<string, number>;
  /** Wall-clock seconds spent in each part of the loop, most first. */
  phases: Record<string, number>;
}

/**
 * Runs the simulated world against the real server and worker, in this process: the server's
 * services take every action, the worker's scan, escalation and processors run at each simulated
 * minute that can matter, and the figures are counted from what they wrote.
 */
export async function runSimulation(options: SimulationOptions): Promise<SimulationReport> {
  const started = performance.now();
  const start = (options.start ?? DEFAULT_START).getTime();
  const end = start + options.days * TIME.DAY;
  const clock = new FixedClock(new Date(start));
  let app: NestExpressApplication | undefined;
  let worker: INestApplicationContext | undefined;
  let reader: Reader | undefined;
  await commitWithoutWaitingForDisk(options.config.databaseUrl);
  try {
    app = await createServerApp(options.config, { clock });
    await app.init();
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(options.config, { clock, relay: false, schedules: false }), { logger: false, abortOnError: false });
    await worker.init();
    const dataSource = app.get(DataSource);
    reader = new Reader(dataSource);
    const world = new World(
      {
        dataSource,
        reader,
        clock,
        config: options.config,
        users: app.get(UsersService),
        centres: app.get(CentresService),
        dutyContacts: app.get(DutyContactsService),
        people: app.get(PeopleService),
        stays: app.get(StaysService),
        holding: app.get(HoldingAuthorityService),
        welfare: app.get(WelfareService),
        alerts: app.get(AlertsService),
        notices: app.get(NoticesService),
      },
      options.seed,
      start,
      options.days,
      options.centres,
    );
    const jobs = new OutboxJobs(dataSource, worker);
    const observer = new OverdueObserver(reader);
    const scan = worker.get(WelfareAlertsService);
    const escalation = worker.get(AlertEscalationService);
    await world.setUp();

    let steps = 0;
    let reportedDay = 0;
    let progressDay = 0;
    const phases = new Map<string, number>();
    const timed = async <T>(phase: string, work: () => Promise<T>): Promise<T> => {
      const before = performance.now();
      try {
        return await work();
      } finally {
        phases.set(phase, (phases.get(phase) ?? 0) + performance.now() - before);
      }
    };
    for (let t = start; ; ) {
      steps += 1;
      const now = new Date(t);
      clock.set(now);
      // What the worker does each minute: delayed jobs that came due, the scan, the escalation, and the notices they cause.
      let changed = t >= world.nextJobAt && (await timed('outbox jobs', () => jobs.runDue(now))) > 0;
      const { raised } = await timed('welfare alert scan', () => scan.scan());
      const escalated = await timed('alert escalation', () => escalation.escalateDue());
      if (raised > 0 || escalated > 0) {
        await timed('outbox jobs', () => jobs.runDue(now));
        changed = true;
      }
      await timed('overdue observer', () => observer.observe(t));
      // Then what people do in that minute, and the jobs it causes.
      for (let event = world.queue.popDue(t); event; event = world.queue.popDue(t)) {
        changed = true;
        await timed(`world: ${event.label.replace(/ \(.*\)$|: .*$/, '')}`, () => event.run());
      }
      if (changed) {
        await timed('outbox jobs', () => jobs.runDue(now));
        // Staff see the alerts raised and the escalations sent in this minute.
        await timed('alert watcher', () => world.watchAlerts(t));
        if (escalated > 0) await timed('alert watcher', () => world.watchEscalations(t));
      }
      const day = Math.floor((t - start) / TIME.DAY);
      if (day > reportedDay) {
        reportedDay = day;
        // What autovacuum does in production (it may be off on a development server): without it the
        // planner's statistics are those of an empty database and every query slows down as tables
        // grow. The tables that change all day every day, and once a week everything.
        await timed('vacuum and analyse', () => dataSource.query(day % 7 === 0 ? 'VACUUM (ANALYZE)' : `VACUUM (ANALYZE) ${BUSY_TABLES.join(', ')}`));
      }
      if (options.onProgress && day > progressDay) {
        progressDay = day;
        const [{ present }] = await dataSource.query<{ present: number }[]>(`SELECT count(*)::int AS present FROM stays WHERE checked_out_at IS NULL`);
        options.onProgress(
          `day ${day}/${options.days}: ${world.tried.arrivals} arrivals, ${present} present, ${world.tried.welfareChecks} checks, ${steps} steps, ${Math.round((performance.now() - started) / 1000)} s`,
        );
      }
      if (t >= end) break;
      t = Math.min(await timed('next minute', () => world.nextMinuteAfter(t)), end);
    }

    const { figures, examples } = await computeFigures(dataSource, { end: new Date(end), escalationMinutes: options.config.alertEscalationMinutes, overdueUnalerted: observer.unalerted });
    const [alertCounts] = await dataSource.query<{ urgent: number; escalated: number; rounds: number }[]>(
      `SELECT (SELECT count(*)::int FROM alerts WHERE severity = 'urgent') AS urgent,
              (SELECT count(DISTINCT alert_id)::int FROM alert_escalations) AS escalated,
              (SELECT count(*)::int FROM alert_escalations) AS rounds`,
    );
    return {
      passed: FIGURE_NAMES.every((name) => figures[name] === 0),
      days: options.days,
      centres: options.centres,
      seed: options.seed,
      start: new Date(start).toISOString(),
      end: new Date(end).toISOString(),
      wallClockSeconds: Math.round((performance.now() - started) / 100) / 10,
      steps,
      stepsBy: Object.fromEntries([...world.stepReasons.entries()].sort(([, a], [, b]) => b - a)),
      figures,
      examples,
      tried: { ...world.tried, urgentAlertsRaised: alertCounts.urgent, alertsEscalated: alertCounts.escalated, escalationRounds: alertCounts.rounds },
      recorded: await recordedCounts(dataSource),
      jobs: Object.fromEntries([...jobs.ran.entries()].sort(([a], [b]) => a.localeCompare(b))),
      phases: Object.fromEntries([...phases.entries()].sort(([, a], [, b]) => b - a).map(([phase, ms]) => [phase, Math.round(ms / 100) / 10])),
    };
  } finally {
    await reader?.close();
    await worker?.close();
    await app?.close();
  }
}

/**
 * The run's database is a throwaway one: its commits need not wait for the disk, which would
 * otherwise set the pace of a simulated year (a commit is still atomic; only a crash of the
 * database server could lose the last ones). Applies to the connections opened after it.
 */
async function commitWithoutWaitingForDisk(databaseUrl: string): Promise<void> {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`ALTER DATABASE "${name.replace(/"/g, '""')}" SET synchronous_commit = off`);
  } finally {
    await client.end();
  }
}
