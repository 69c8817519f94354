import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Notices handed over to people, per centre, local month and language they were given in, as the
 * outcomes report counts them (`notice_hand_overs`): how many, how many with an interpreter, by
 * phone, and from an unreviewed translation. Kept by row triggers on `notices` that fire only when
 * a column the counts depend on is written, so rendering and sending notices costs nothing more.
 * A report reads its whole months here and only the days of a partial month from the notices.
 */
const COUNTS = (row: string) => `1, coalesce(${row}.interpreter_mode IN ('present', 'phone'), ${row}.interpreter_used, false)::int,
    coalesce(${row}.interpreter_mode = 'phone', false)::int, coalesce(NOT ${row}.translation_reviewed, false)::int`;

export class AddInterpreterUseMonths1796760000001 implements MigrationInterface {
    name = 'AddInterpreterUseMonths1796760000001'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "interpreter_use_months" ("centre_id" uuid NOT NULL, "month" date NOT NULL, "language" character varying(16) NOT NULL,
            "handed_over" integer NOT NULL, "with_interpreter" integer NOT NULL, "by_phone" integer NOT NULL, "unreviewed" integer NOT NULL,
            CONSTRAINT "interpreter_use_months_pkey" PRIMARY KEY ("centre_id", "month", "language"),
            CONSTRAINT "interpreter_use_months_month_check" CHECK (extract(day FROM "month") = 1),
            CONSTRAINT "interpreter_use_months_counts_check" CHECK (handed_over >= 0 AND with_interpreter >= 0 AND by_phone >= 0 AND unreviewed >= 0),
            CONSTRAINT "interpreter_use_months_centre_fk" FOREIGN KEY ("centre_id") REFERENCES "centres"("id") ON DELETE CASCADE)`);
        await queryRunner.query(`CREATE FUNCTION interpreter_use_rebuild() RETURNS void LANGUAGE plpgsql AS $$
            BEGIN
              LOCK TABLE interpreter_use_months IN EXCLUSIVE MODE;
              DELETE FROM interpreter_use_months;
              INSERT INTO interpreter_use_months (centre_id, month, language, handed_over, with_interpreter, by_phone, unreviewed)
              SELECT h.centre_id, date_trunc('month', h.handed_over_at AT TIME ZONE c.timezone)::date, h.language, count(*),
                     count(*) FILTER (WHERE h.with_interpreter), count(*) FILTER (WHERE h.by_phone), count(*) FILTER (WHERE NOT h.translation_reviewed)
                FROM notice_hand_overs h JOIN centres c ON c.id = h.centre_id GROUP BY 1, 2, 3;
            END $$`);
        await queryRunner.query(`CREATE FUNCTION interpreter_use_follow() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.audience = 'person' AND OLD.handed_over_at IS NOT NULL THEN
                UPDATE interpreter_use_months m
                   SET handed_over = m.handed_over - o.a, with_interpreter = m.with_interpreter - o.b, by_phone = m.by_phone - o.p, unreviewed = m.unreviewed - o.u
                  FROM (SELECT c.id, date_trunc('month', OLD.handed_over_at AT TIME ZONE c.timezone)::date AS month, coalesce(OLD.handed_over_language, OLD.language) AS language,
                               ${COUNTS('OLD')} FROM centres c WHERE c.id = OLD.centre_id) o(centre_id, month, language, a, b, p, u)
                 WHERE m.centre_id = o.centre_id AND m.month = o.month AND m.language = o.language;
              END IF;
              IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.audience = 'person' AND NEW.handed_over_at IS NOT NULL THEN
                INSERT INTO interpreter_use_months AS m (centre_id, month, language, handed_over, with_interpreter, by_phone, unreviewed)
                SELECT c.id, date_trunc('month', NEW.handed_over_at AT TIME ZONE c.timezone)::date, coalesce(NEW.handed_over_language, NEW.language), ${COUNTS('NEW')}
                  FROM centres c WHERE c.id = NEW.centre_id
                ON CONFLICT (centre_id, month, language) DO UPDATE
                   SET handed_over = m.handed_over + EXCLUDED.handed_over, with_interpreter = m.with_interpreter + EXCLUDED.with_interpreter,
                       by_phone = m.by_phone + EXCLUDED.by_phone, unreviewed = m.unreviewed + EXCLUDED.unreviewed;
              END IF;
              RETURN NULL;
            END $$`);
        await queryRunner.query(`CREATE FUNCTION interpreter_use_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN DELETE FROM interpreter_use_months; RETURN NULL; END $$`);
        await queryRunner.query(`CREATE TRIGGER interpreter_use_insert AFTER INSERT ON "notices" FOR EACH ROW WHEN (NEW.handed_over_at IS NOT NULL) EXECUTE FUNCTION interpreter_use_follow()`);
        await queryRunner.query(`CREATE TRIGGER interpreter_use_update AFTER UPDATE OF centre_id, audience, handed_over_at, handed_over_language, language, translation_reviewed, interpreter_mode, interpreter_used
            ON "notices" FOR EACH ROW WHEN (OLD.handed_over_at IS NOT NULL OR NEW.handed_over_at IS NOT NULL) EXECUTE FUNCTION interpreter_use_follow()`);
        await queryRunner.query(`CREATE TRIGGER interpreter_use_delete AFTER DELETE ON "notices" FOR EACH ROW WHEN (OLD.handed_over_at IS NOT NULL) EXECUTE FUNCTION interpreter_use_follow()`);
        await queryRunner.query(`CREATE TRIGGER interpreter_use_truncate AFTER TRUNCATE ON "notices" FOR EACH STATEMENT EXECUTE FUNCTION interpreter_use_truncate()`);
        await queryRunner.query(`SELECT interpreter_use_rebuild()`);
        await queryRunner.query(`ANALYZE interpreter_use_months`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER interpreter_use_truncate ON "notices"`);
        await queryRunner.query(`DROP TRIGGER interpreter_use_delete ON "notices"`);
        await queryRunner.query(`DROP TRIGGER interpreter_use_update ON "notices"`);
        await queryRunner.query(`DROP TRIGGER interpreter_use_insert ON "notices"`);
        await queryRunner.query(`DROP FUNCTION interpreter_use_truncate()`);
        await queryRunner.query(`DROP FUNCTION interpreter_use_follow()`);
        await queryRunner.query(`DROP FUNCTION interpreter_use_rebuild()`);
        await queryRunner.query(`DROP TABLE "interpreter_use_months"`);
    }

}
