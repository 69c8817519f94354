import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { anchorToken, type AuditAnchor, AuditService, signAnchor } from '@escale/audit';
import { JobName, QueueName } from '@escale/platform';
import { eventually, startTestApp, startTestWorker, TEST_AUDIT_ANCHOR_KEY, type TestApp } from '../support/test-app.js';

const run = promisify(execFile);

/** `npm run audit:verify` against the test database, with the anchor key unless told otherwise. */
async function verifyCommand(t: TestApp, options: { key?: string | null; args?: string[] } = {}): Promise<{ code: number; output: string }> {
  const key = options.key === undefined ? TEST_AUDIT_ANCHOR_KEY : options.key;
  const env: Record<string, string | undefined> = { ...process.env, DATABASE_URL: t.config.databaseUrl, NODE_OPTIONS: '', AUDIT_ANCHOR_KEY: key ?? undefined };
  if (key === null) delete env.AUDIT_ANCHOR_KEY;
  try {
    const { stdout, stderr } = await run(process.execPath, ['dist/apps/server/src/cli/verify-audit.js', ...(options.args ?? [])], { env });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

/** Runs SQL with the audit tables' triggers off, as a superuser who tampers with the trail would. */
async function tamper(t: TestApp, sql: string, params: unknown[] = []): Promise<void> {
  await t.dataSource.transaction(async (manager) => {
    for (const table of ['audit_events', 'audit_chain', 'audit_anchors']) await manager.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
    await manager.query(sql, params);
    for (const table of ['audit_events', 'audit_chain', 'audit_anchors']) await manager.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
  });
}

const headSeq = async (t: TestApp) => (await t.dataSource.query(`SELECT coalesce(max(seq), 0)::int AS seq FROM audit_chain`))[0].seq as number;
const anchorRows = async (t: TestApp) => t.dataSource.query(`SELECT seq::int AS seq, hash, anchored_at, signature FROM audit_anchors ORDER BY seq, anchored_at`);

describe('the audit chain’s anchors', () => {
  let t: TestApp;
  let audit: AuditService;
  let worker: INestApplicationContext | undefined;

  /** Writes audit events: each user created and signed in leaves a few. */
  const writeEvents = async (users = 2) => {
    for (let i = 0; i < users; i++) await t.userWithToken('staff');
    await audit.sealPending();
  };

  const anchorNow = async (): Promise<AuditAnchor> => {
    const result = await audit.anchorHead();
    if (!('anchored' in result)) throw new Error(`expected an anchor, got ${JSON.stringify(result)}`);
    return result.anchored;
  };

  beforeAll(async () => {
    t = await startTestApp();
    audit = t.app.get(AuditService);
  });
  afterAll(async () => {
    await worker?.close();
    await t.close();
  });

  it('are written by a recurring maintenance job, every 5 minutes and after the nightly jobs, to a table nobody may change', async () => {
    await writeEvents();
    worker = await startTestWorker(t.config, { relay: false });
    const queue = worker.get<Queue>(getQueueToken(QueueName.Maintenance), { strict: false });
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers).toContainEqual(expect.objectContaining({ key: 'audit-anchor', every: 300_000 }));
    expect(schedulers).toContainEqual(expect.objectContaining({ key: 'audit-anchor-nightly', pattern: '30 3 * * *', tz: 'Europe/Paris' }));
    const head = await headSeq(t);
    const job = await queue.add(JobName.AnchorAuditChain, {});
    const seq = await eventually(async () => {
      const state = await job.getState();
      if (state === 'failed') throw new Error('the anchoring job failed');
      return state === 'completed' ? ((await queue.getJob(job.id!))?.returnvalue as number) : undefined;
    }, 30_000);
    expect(seq).toBe(head);
    const rows = await anchorRows(t);
    expect(rows.at(-1)).toMatchObject({ seq: head, hash: (await t.dataSource.query(`SELECT hash FROM audit_chain WHERE seq = $1`, [head]))[0].hash });
    // Nothing new to anchor: no second anchor of the same head.
    expect(await audit.anchorHead()).toEqual({ unchanged: expect.objectContaining({ seq: head }) });
    await worker.close();
    worker = undefined;

    for (const sql of [`UPDATE audit_anchors SET seq = seq + 1`, `DELETE FROM audit_anchors`, `TRUNCATE audit_anchors`]) {
      await expect(t.dataSource.query(sql)).rejects.toThrow(/append-only/);
    }
    expect(await t.dataSource.query(`SELECT 1 FROM information_schema.role_table_grants WHERE grantee = 'PUBLIC' AND table_name = 'audit_anchors' AND privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE')`)).toEqual([]);
  });

  it('let an intact chain pass, and audit:verify prints the latest anchor', async () => {
    await writeEvents();
    const anchor = await anchorNow();
    const result = await audit.verifyChain();
    expect(result).toMatchObject({ ok: true, head: { seq: anchor.seq, hash: anchor.hash }, anchors: { checked: 2, beforeRetention: 0, unchecked: 0, latest: anchor } });
    const command = await verifyCommand(t);
    expect(command.code).toBe(0);
    expect(command.output).toContain(`2 anchor(s) verified. Latest: event ${anchor.seq}, hash ${anchor.hash}, signed ${anchor.anchoredAt.toISOString()}`);
    expect(command.output).toContain(`Anchor ${anchorToken(anchor)}`);
    // Given back (as from the worker's log), the same anchor verifies.
    expect(await verifyCommand(t, { args: ['--anchor', anchorToken(anchor)] })).toMatchObject({ code: 0 });
    // Without the key, the anchors are said to be unchecked, not verified.
    const keyless = await verifyCommand(t, { key: null });
    expect(keyless).toMatchObject({ code: 0, output: expect.stringContaining('2 anchor(s) NOT checked: AUDIT_ANCHOR_KEY is not set.') });
  });

  it('refuse an anchor forged without the key, in the table or given on the command line', async () => {
    const head = await headSeq(t);
    const [{ hash }] = await t.dataSource.query(`SELECT hash FROM audit_chain WHERE seq = $1`, [head]);
    const forged = signAnchor('a-key-that-is-not-the-anchor-key-at-all', { seq: head, hash, anchoredAt: new Date() });
    const command = await verifyCommand(t, { args: ['--anchor', anchorToken(forged)] });
    expect(command.code).toBe(1);
    expect(command.output).toContain(`Audit trail BROKEN at event ${head}: the anchor of this event is not signed with AUDIT_ANCHOR_KEY`);
    expect(await verifyCommand(t, { args: ['--anchor', 'v1.not-an-anchor'] })).toMatchObject({ code: 2, output: expect.stringContaining('--anchor must be an anchor as the worker logs it') });

    // The application may insert anchors: one it forges is found, and passed over when the next anchor is signed.
    await t.dataSource.query(`INSERT INTO audit_anchors (seq, hash, anchored_at, signature) VALUES ($1, $2, $3, $4)`, [head + 1000, hash, new Date(), forged.signature]);
    try {
      expect(await audit.verifyChain()).toMatchObject({ ok: false, broken: { seq: head + 1000, eventId: null, reason: 'anchor_invalid' } });
      expect((await verifyCommand(t)).code).toBe(1);
      expect(await audit.anchorHead()).toEqual({ unchanged: expect.objectContaining({ seq: head }) });
    } finally {
      await tamper(t, `DELETE FROM audit_anchors WHERE seq = $1`, [head + 1000]);
    }
    expect((await audit.verifyChain()).ok).toBe(true);
  });

  it('reveal the newest events deleted: audit:verify reports the truncation and exits non-zero, even with the anchors deleted too', async () => {
    await writeEvents(3);
    const anchor = await anchorNow();
    const kept = anchor.seq - 4;
    // The newest events and their links removed, as someone able to bypass the triggers would.
    await tamper(t, `DELETE FROM audit_events e USING audit_chain c WHERE c.event_id = e.id AND c.seq > $1`, [kept]);
    await tamper(t, `DELETE FROM audit_chain WHERE seq > $1`, [kept]);
    await tamper(t, `DELETE FROM audit_pending`);

    expect(await audit.verifyChain()).toMatchObject({ ok: false, broken: { seq: anchor.seq, eventId: null, reason: 'chain_truncated', head: { seq: kept }, anchor } });
    const command = await verifyCommand(t);
    expect(command.code).toBe(1);
    expect(command.output).toContain(`Audit trail BROKEN at event ${anchor.seq}: the chain ends before this anchored event (its newest events were removed).`);
    expect(command.output).toContain(`The chain ends at event ${kept}.`);
    // The worker signs nothing over the gap, and says why.
    expect(await audit.anchorHead()).toEqual({ refused: `the chain ends at event ${kept}, before its last anchor at event ${anchor.seq}` });

    // With every anchor deleted as well, the copy from the worker's log still shows it.
    await tamper(t, `DELETE FROM audit_anchors`);
    expect((await verifyCommand(t)).code).toBe(0);
    const withCopy = await verifyCommand(t, { args: ['--anchor', anchorToken(anchor)] });
    expect(withCopy.code).toBe(1);
    expect(withCopy.output).toContain('its newest events were removed');
  });

  it('reveal new events chained in the place of removed ones: the anchored position holds another hash', async () => {
    const anchorAt = await headSeq(t);
    const anchor = await anchorNow();
    expect(anchor.seq).toBe(anchorAt);
    await tamper(t, `DELETE FROM audit_events e USING audit_chain c WHERE c.event_id = e.id AND c.seq > $1`, [anchorAt - 2]);
    await tamper(t, `DELETE FROM audit_chain WHERE seq > $1`, [anchorAt - 2]);
    await tamper(t, `DELETE FROM audit_pending`);
    while ((await headSeq(t)) < anchorAt) await writeEvents(1);

    expect(await audit.verifyChain()).toMatchObject({ ok: false, broken: { seq: anchorAt, reason: 'anchor_mismatch', anchor } });
    const command = await verifyCommand(t);
    expect(command).toMatchObject({ code: 1, output: expect.stringContaining(`Audit trail BROKEN at event ${anchorAt}: the event no longer has the hash it was anchored with`) });
    expect(await audit.anchorHead()).toEqual({ refused: `event ${anchorAt} no longer has the hash it was anchored with` });
  });
});
