import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Written by hand: no entity changes. The audit trail becomes a hash chain kept by the database.
 *
 * - Every audit event gets one link in `audit_chain`: its position `seq` (1, 2, 3, ... with no
 *   gap) and `hash = sha256(previous hash | canonical fields of the event)`. An edit, a deletion
 *   or a reordering of events changes a hash or leaves a gap, which `npm run audit:verify` finds.
 *   The events themselves stay insert-only: no UPDATE, not even to seal them.
 * - Triggers make the links, so no code path can skip them. Inserting events queues them in
 *   `audit_pending` (a statement trigger); at COMMIT a deferred constraint trigger seals the queue:
 *   under a transaction-scoped advisory lock it reads the last link and chains the committed queued
 *   events and its own, in the order they were inserted (at most 500 at a commit). It only
 *   *tries* the lock: a transaction that finds it taken commits at once and leaves its events to
 *   the next commit, or to the maintenance job that seals every 15 seconds. So no transaction waits
 *   for the chain, the lock is never held while waiting for another (no deadlock), and commits are
 *   not serialised. Measured here (2 busy cores, 16 clients, one event per transaction): a lock
 *   waited for at commit and held to its end, one WAL flush at a time, cut throughput about
 *   fourfold; trying it costs little (within the run-to-run noise of 10 to 25%). The chain stays
 *   one line: one sealer at a time, each starting from the last committed link, and only in READ
 *   COMMITTED (under an older snapshot it leaves the queue alone). The price: an event may wait a
 *   few seconds to be chained, and the chain's order is the order of sealing, not of commit.
 * - Retention removes the oldest events through `audit_purge` only (SECURITY DEFINER): it checks
 *   the prefix it removes, writes a checkpoint (the seq and hash of the last removed link) from
 *   which verification of the rest starts, and sets `escale.audit_purge` for its own transaction,
 *   which the append-only trigger accepts for DELETE of checkpointed links and their events only.
 * - Privileges: nobody but the owner may change these tables; an application role `escale_app`,
 *   when it exists, may read, insert events, seal and call the purge.
 */
export class AddAuditChain1795711318945 implements MigrationInterface {
    name = 'AddAuditChain1795711318945'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // No event may be written while the existing ones are chained and the triggers put in place.
        await queryRunner.query(`LOCK TABLE "audit_events" IN SHARE ROW EXCLUSIVE MODE`);
        await queryRunner.query(`CREATE TABLE "audit_chain" ("seq" bigint NOT NULL, "event_id" uuid NOT NULL, "hash" character(64) NOT NULL, CONSTRAINT "audit_chain_pkey" PRIMARY KEY ("seq"), CONSTRAINT "audit_chain_event_key" UNIQUE ("event_id"))`);
        await queryRunner.query(`CREATE TABLE "audit_checkpoints" ("seq" bigint NOT NULL, "hash" character(64) NOT NULL, "removed" integer NOT NULL, "kept_months" integer NOT NULL, "removed_before" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "audit_checkpoints_pkey" PRIMARY KEY ("seq"))`);
        await queryRunner.query(`CREATE TABLE "audit_pending" ("position" bigint GENERATED ALWAYS AS IDENTITY, "event_id" uuid NOT NULL, CONSTRAINT "audit_pending_pkey" PRIMARY KEY ("position"))`);

        // The canonical form: each field as <bytes>:<text>, or ~ for null, joined by |; times in UTC to the microsecond.
        // AuditService.verifyChain computes the same in TypeScript, independently of this function.
        await queryRunner.query(`CREATE FUNCTION audit_event_hash(prev_hash text, seq bigint, e audit_events) RETURNS text LANGUAGE sql STABLE
            SET search_path = public, pg_temp AS $$
                SELECT encode(sha256(convert_to(prev_hash || '|' || string_agg(CASE WHEN f IS NULL THEN '~' ELSE octet_length(f) || ':' || f END, '|' ORDER BY n), 'UTF8')), 'hex')
                FROM unnest(ARRAY[
                    seq::text, e.id::text, to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), e.actor_id::text, e.action::text,
                    e.entity_type::text, e.entity_id::text, e.centre_id::text, e.outcome::text, e.origin::text, e.request_id::text
                ]) WITH ORDINALITY AS field(f, n)
            $$`);
        // Chains up to max_events committed queued events in the order they were inserted; null when another
        // transaction holds the chain (and wait is false). Each event is read by its id: the work is the batch's, not the table's.
        await queryRunner.query(`CREATE FUNCTION audit_seal(wait boolean, max_events integer) RETURNS integer LANGUAGE plpgsql SECURITY DEFINER
            SET search_path = public, pg_temp AS $$
            DECLARE
                last_seq bigint;
                last_hash text;
                seqs bigint[] := '{}';
                ids uuid[] := '{}';
                hashes text[] := '{}';
                positions bigint[] := '{}';
                queued record;
            BEGIN
                IF current_setting('transaction_isolation') <> 'read committed' THEN
                    RETURN NULL;
                END IF;
                IF wait THEN
                    PERFORM pg_advisory_xact_lock(hashtext('escale.audit_chain'));
                ELSIF NOT pg_try_advisory_xact_lock(hashtext('escale.audit_chain')) THEN
                    RETURN NULL;
                END IF;
                SELECT c.seq, c.hash INTO last_seq, last_hash FROM audit_chain c ORDER BY c.seq DESC LIMIT 1;
                IF NOT FOUND THEN
                    SELECT k.seq, k.hash INTO last_seq, last_hash FROM audit_checkpoints k ORDER BY k.seq DESC LIMIT 1;
                    IF NOT FOUND THEN
                        last_seq := 0;
                        last_hash := repeat('0', 64);
                    END IF;
                END IF;
                FOR queued IN
                    SELECT p.position, (SELECT ev FROM audit_events ev WHERE ev.id = p.event_id) AS event
                    FROM (SELECT q.position, q.event_id FROM audit_pending q ORDER BY q.position LIMIT max_events) p
                    ORDER BY p.position
                LOOP
                    -- A queued event that is gone was removed behind the trigger's back: its queue entry stays, as evidence.
                    CONTINUE WHEN queued.event IS NULL;
                    last_seq := last_seq + 1;
                    last_hash := audit_event_hash(last_hash, last_seq, queued.event);
                    seqs := seqs || last_seq;
                    ids := ids || (queued.event).id;
                    hashes := hashes || last_hash;
                    positions := positions || queued.position;
                END LOOP;
                INSERT INTO audit_chain (seq, event_id, hash) SELECT * FROM unnest(seqs, ids, hashes);
                DELETE FROM audit_pending p WHERE p.position = ANY (positions);
                RETURN cardinality(positions);
            END $$`);
        await queryRunner.query(`CREATE FUNCTION audit_queue() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
            SET search_path = public, pg_temp AS $$
            BEGIN
                INSERT INTO audit_pending (event_id) SELECT i.id FROM inserted i;
                RETURN NULL;
            END $$`);
        // Once a transaction has sealed, the firings for its other events have nothing left to do. A commit seals
        // at most 500 events, so that no request pays for a long backlog; the maintenance job takes the rest.
        await queryRunner.query(`CREATE FUNCTION audit_seal_at_commit() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
            SET search_path = public, pg_temp AS $$
            BEGIN
                IF current_setting('escale.audit_sealed', true) IS DISTINCT FROM 'on' AND audit_seal(false, 500) IS NOT NULL THEN
                    PERFORM set_config('escale.audit_sealed', 'on', true);
                END IF;
                RETURN NULL;
            END $$`);
        // The events written before the chain existed are chained first, in the order they were written.
        await queryRunner.query(`DO $$
            DECLARE
                n bigint := 0;
                last_hash text := repeat('0', 64);
                e audit_events;
            BEGIN
                FOR e IN SELECT * FROM audit_events ORDER BY at, id LOOP
                    n := n + 1;
                    last_hash := audit_event_hash(last_hash, n, e);
                    INSERT INTO audit_chain (seq, event_id, hash) VALUES (n, e.id, last_hash);
                END LOOP;
            END $$`);
        await queryRunner.query(`CREATE TRIGGER audit_events_queue AFTER INSERT ON "audit_events" REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION audit_queue()`);
        await queryRunner.query(`CREATE CONSTRAINT TRIGGER audit_events_seal AFTER INSERT ON "audit_events" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_seal_at_commit()`);

        // Append-only as before, for the chain and the checkpoints too; only the purge may delete, and only what its checkpoint covers.
        await queryRunner.query(`CREATE OR REPLACE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'DELETE' AND current_setting('escale.audit_purge', true) = 'on' THEN
                    IF TG_TABLE_NAME = 'audit_chain' THEN
                        IF OLD.seq <= (SELECT max(k.seq) FROM audit_checkpoints k) THEN RETURN OLD; END IF;
                    ELSIF TG_TABLE_NAME = 'audit_events' THEN
                        IF EXISTS (SELECT 1 FROM audit_chain c WHERE c.event_id = OLD.id AND c.seq <= (SELECT max(k.seq) FROM audit_checkpoints k)) THEN RETURN OLD; END IF;
                    END IF;
                END IF;
                RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
            END $$`);
        await queryRunner.query(`CREATE TRIGGER audit_chain_no_update_delete BEFORE UPDATE OR DELETE ON "audit_chain" FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change()`);
        await queryRunner.query(`CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON "audit_chain" FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change()`);
        await queryRunner.query(`CREATE TRIGGER audit_checkpoints_no_update_delete BEFORE UPDATE OR DELETE ON "audit_checkpoints" FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change()`);
        await queryRunner.query(`CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON "audit_checkpoints" FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change()`);

        // Removes the oldest events, at most max_events, all older than keep_months (at least 6, the
        // CNIL's lower bound for access logs). It stops at the first younger event, so it removes a
        // prefix of the chain, and refuses to remove a prefix that does not verify: the evidence stays.
        await queryRunner.query(`CREATE FUNCTION audit_purge(keep_months integer, max_events integer) RETURNS integer LANGUAGE plpgsql SECURITY DEFINER
            SET search_path = public, pg_temp AS $$
            DECLARE
                cutoff timestamptz;
                prev_seq bigint;
                prev_hash text;
                removed integer := 0;
                link record;
            BEGIN
                IF keep_months IS NULL OR keep_months < 6 THEN
                    RAISE EXCEPTION 'audit events are kept at least 6 months' USING ERRCODE = 'invalid_parameter_value';
                END IF;
                IF max_events IS NULL OR max_events < 1 THEN
                    RAISE EXCEPTION 'max_events must be positive' USING ERRCODE = 'invalid_parameter_value';
                END IF;
                cutoff := now() - make_interval(months => keep_months);
                PERFORM pg_advisory_xact_lock(hashtext('escale.audit_purge'));
                SELECT k.seq, k.hash INTO prev_seq, prev_hash FROM audit_checkpoints k ORDER BY k.seq DESC LIMIT 1;
                IF NOT FOUND THEN
                    prev_seq := 0;
                    prev_hash := repeat('0', 64);
                END IF;
                FOR link IN
                    SELECT c.seq, c.hash, e AS event FROM audit_chain c LEFT JOIN audit_events e ON e.id = c.event_id ORDER BY c.seq LIMIT max_events
                LOOP
                    IF link.seq <> prev_seq + 1 OR link.event IS NULL THEN
                        RAISE EXCEPTION 'the audit chain is broken at event %', prev_seq + 1 USING ERRCODE = 'data_corrupted';
                    END IF;
                    EXIT WHEN (link.event).at >= cutoff;
                    IF audit_event_hash(prev_hash, link.seq, link.event) <> link.hash THEN
                        RAISE EXCEPTION 'the audit chain is broken at event %', link.seq USING ERRCODE = 'data_corrupted';
                    END IF;
                    prev_seq := link.seq;
                    prev_hash := link.hash;
                    removed := removed + 1;
                END LOOP;
                IF removed = 0 THEN
                    RETURN 0;
                END IF;
                INSERT INTO audit_checkpoints (seq, hash, removed, kept_months, removed_before) VALUES (prev_seq, prev_hash, removed, keep_months, cutoff);
                PERFORM set_config('escale.audit_purge', 'on', true);
                DELETE FROM audit_events e USING audit_chain c WHERE c.event_id = e.id AND c.seq <= prev_seq;
                DELETE FROM audit_chain c WHERE c.seq <= prev_seq;
                PERFORM set_config('escale.audit_purge', 'off', true);
                RETURN removed;
            END $$`);

        // Append-only by privilege as well as by trigger: a role that is not the owner cannot change or remove events.
        await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "audit_events" FROM PUBLIC`);
        await queryRunner.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "audit_chain", "audit_checkpoints", "audit_pending" FROM PUBLIC`);
        await queryRunner.query(`REVOKE EXECUTE ON FUNCTION audit_purge(integer, integer), audit_seal(boolean, integer) FROM PUBLIC`);
        await queryRunner.query(`DO $$
            BEGIN
                IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'escale_app') THEN
                    REVOKE UPDATE, DELETE, TRUNCATE ON "audit_events" FROM escale_app;
                    REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "audit_chain", "audit_checkpoints", "audit_pending" FROM escale_app;
                    GRANT SELECT, INSERT ON "audit_events" TO escale_app;
                    GRANT SELECT ON "audit_chain", "audit_checkpoints", "audit_pending" TO escale_app;
                    GRANT EXECUTE ON FUNCTION audit_purge(integer, integer), audit_seal(boolean, integer) TO escale_app;
                END IF;
            END $$`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP FUNCTION audit_purge(integer, integer)`);
        await queryRunner.query(`DROP TRIGGER "audit_checkpoints_no_truncate" ON "audit_checkpoints"`);
        await queryRunner.query(`DROP TRIGGER "audit_checkpoints_no_update_delete" ON "audit_checkpoints"`);
        await queryRunner.query(`DROP TRIGGER "audit_chain_no_truncate" ON "audit_chain"`);
        await queryRunner.query(`DROP TRIGGER "audit_chain_no_update_delete" ON "audit_chain"`);
        await queryRunner.query(`CREATE OR REPLACE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
            END $$`);
        await queryRunner.query(`DROP TRIGGER "audit_events_seal" ON "audit_events"`);
        await queryRunner.query(`DROP TRIGGER "audit_events_queue" ON "audit_events"`);
        await queryRunner.query(`DROP FUNCTION audit_seal_at_commit()`);
        await queryRunner.query(`DROP FUNCTION audit_queue()`);
        await queryRunner.query(`DROP FUNCTION audit_seal(boolean, integer)`);
        await queryRunner.query(`DROP FUNCTION audit_event_hash(text, bigint, audit_events)`);
        await queryRunner.query(`DROP TABLE "audit_pending"`);
        await queryRunner.query(`DROP TABLE "audit_checkpoints"`);
        await queryRunner.query(`DROP TABLE "audit_chain"`);
    }

}
