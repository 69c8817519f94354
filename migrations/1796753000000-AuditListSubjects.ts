import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * A list view writes one audit event naming every record it shows, in `audit_events.subject_ids`
 * (empty for an event about one record, which names it in `entity_id`); a GIN index keeps "who saw
 * this person" one indexed query. The column is NOT NULL DEFAULT '{}': adding it rewrites nothing,
 * and readers need not tell an empty list from a missing one.
 *
 * The chain hashes the ids, in their order, as one more field after the others, only when there are
 * any: every event chained before keeps its hash, and changing the ids of a list event breaks it.
 */
const FIELD = (value: string) => `COALESCE(octet_length(${value}) || ':' || ${value}, '~')`;
const FIELDS = [
    "seq::text", "e.id::text", `to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, "e.actor_id::text", "e.action::text",
    "e.entity_type::text", "e.entity_id::text", "e.centre_id::text", "e.outcome::text", "e.origin::text", "e.request_id::text",
];
const SUBJECTS = `CASE WHEN cardinality(e.subject_ids) > 0 THEN '|' || ${FIELD("array_to_string(e.subject_ids, ',')")} ELSE '' END`;

const hashFunction = (withSubjects: boolean) => `CREATE OR REPLACE FUNCTION audit_event_hash(prev_hash text, seq bigint, e audit_events) RETURNS text LANGUAGE sql STABLE
    SET search_path = public, pg_temp AS $$
        SELECT encode(sha256(convert_to(prev_hash || '|' || ${FIELDS.map(FIELD).join(` || '|' || `)}${withSubjects ? ` || ${SUBJECTS}` : ''}, 'UTF8')), 'hex')
    $$`;

const sealFunction = (withSubjects: boolean) => `CREATE OR REPLACE FUNCTION audit_seal(wait boolean, max_events integer) RETURNS integer LANGUAGE plpgsql SECURITY DEFINER
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
        -- Each event's fields after its seq are put in canonical form in the query; the loop only chains.
        FOR queued IN
            SELECT p.position, e.id, ${FIELDS.slice(1).map(FIELD).join(` || '|' || `)}${withSubjects ? ` || ${SUBJECTS}` : ''} AS rest
            FROM (SELECT q.position, q.event_id FROM audit_pending q ORDER BY q.position LIMIT max_events) p
            LEFT JOIN audit_events e ON e.id = p.event_id
            ORDER BY p.position
        LOOP
            -- A queued event that is gone was removed behind the trigger's back: its queue entry stays, as evidence.
            CONTINUE WHEN queued.id IS NULL;
            last_seq := last_seq + 1;
            last_hash := encode(sha256(convert_to(last_hash || '|' || ${FIELD('last_seq::text')} || '|' || queued.rest, 'UTF8')), 'hex');
            seqs := seqs || last_seq;
            ids := ids || queued.id;
            hashes := hashes || last_hash;
            positions := positions || queued.position;
        END LOOP;
        INSERT INTO audit_chain (seq, event_id, hash) SELECT * FROM unnest(seqs, ids, hashes);
        DELETE FROM audit_pending p WHERE p.position = ANY (positions);
        RETURN cardinality(positions);
    END $$`;

export class AuditListSubjects1796753000000 implements MigrationInterface {
    name = 'AuditListSubjects1796753000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "audit_events" ADD "subject_ids" uuid array NOT NULL DEFAULT '{}'`);
        await queryRunner.query(`CREATE INDEX "audit_events_subjects_idx" ON "audit_events" USING gin ("subject_ids")`);
        await queryRunner.query(hashFunction(true));
        await queryRunner.query(sealFunction(true));
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(sealFunction(false));
        await queryRunner.query(hashFunction(false));
        await queryRunner.query(`DROP INDEX "public"."audit_events_subjects_idx"`);
        await queryRunner.query(`ALTER TABLE "audit_events" DROP COLUMN "subject_ids"`);
    }
}
