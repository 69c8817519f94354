import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Notices in the languages of the people held:
 * - `notice_languages`: the template folders as the notices module last found them (code, types and
 *   a hash of the files), so a review applies to the text that was reviewed and no later edit;
 * - `notice_language_reviews`: who reviewed a language's templates, for which organisation, when;
 * - `reviewed_notice_languages`: the languages whose current templates are reviewed (the source
 *   languages always are), which is what decides whether a person needs an interpreter;
 * - on a notice: whether its translation was reviewed, how its language was chosen, and the
 *   hand-over as it happened (language given in, interpreter present, by phone or none);
 * - on a stay: when the rights notice was handed over, from which the asylum-claim window runs.
 */
export class NoticeLanguages1796710000000 implements MigrationInterface {
    name = 'NoticeLanguages1796710000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "notice_languages" ("code" varchar(16) NOT NULL, "name" varchar(100) NOT NULL, "dir" varchar(3) NOT NULL, "script" varchar(8) NOT NULL, "types" text array NOT NULL DEFAULT '{}', "templates_hash" varchar(64) NOT NULL, "source" boolean NOT NULL DEFAULT false, "synced_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "notice_languages_dir_check" CHECK (dir IN ('ltr', 'rtl')), CONSTRAINT "PK_notice_languages" PRIMARY KEY ("code"))`);
        // The source languages are known before any process has read the folders.
        await queryRunner.query(`INSERT INTO "notice_languages" (code, name, dir, script, types, templates_hash, source) VALUES
            ('en', 'English', 'ltr', 'Latn', '{rights_on_arrival,asylum_claim_reminder,transfer,release,referral_decision}', '', true),
            ('fr', 'Français', 'ltr', 'Latn', '{rights_on_arrival,asylum_claim_reminder,transfer,release,referral_decision}', '', true)`);
        await queryRunner.query(`CREATE TABLE "notice_language_reviews" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "language" varchar(16) NOT NULL, "reviewer_name" varchar(200) NOT NULL, "organisation" varchar(200) NOT NULL, "reviewed_on" date NOT NULL, "templates_hash" varchar(64) NOT NULL, "recorded_by" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_notice_language_reviews" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "notice_language_reviews_language_idx" ON "notice_language_reviews" ("language", "recorded_at")`);
        await queryRunner.query(`ALTER TABLE "notice_language_reviews" ADD CONSTRAINT "notice_language_reviews_language_fk" FOREIGN KEY ("language") REFERENCES "notice_languages"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`CREATE VIEW "reviewed_notice_languages" AS
            SELECT l.code FROM notice_languages l
             WHERE l.source OR EXISTS (SELECT 1 FROM notice_language_reviews r WHERE r.language = l.code AND r.templates_hash = l.templates_hash)`);

        await queryRunner.query(`ALTER TABLE "notices" ADD "translation_reviewed" boolean NOT NULL DEFAULT true`);
        await queryRunner.query(`ALTER TABLE "notices" ALTER COLUMN "translation_reviewed" SET DEFAULT false`);
        await queryRunner.query(`ALTER TABLE "notices" ADD "language_choice" varchar(8)`);
        await queryRunner.query(`ALTER TABLE "notices" ADD CONSTRAINT "notices_language_choice_check" CHECK (language_choice IN ('reviewed', 'draft', 'fallback'))`);
        // Notices made before: in the person's language when they read one, else a fallback.
        await queryRunner.query(`UPDATE "notices" SET language_choice = CASE WHEN interpreter_needed THEN 'fallback' ELSE 'reviewed' END WHERE audience = 'person'`);
        await queryRunner.query(`ALTER TABLE "notices" ADD "handed_over_language" varchar(16)`);
        await queryRunner.query(`ALTER TABLE "notices" ADD "interpreter_mode" varchar(8)`);
        await queryRunner.query(`ALTER TABLE "notices" ADD "interpreter_name" varchar(200)`);
        await queryRunner.query(`ALTER TABLE "notices" ADD "interpreter_language" varchar(16)`);
        await queryRunner.query(`ALTER TABLE "notices" ADD CONSTRAINT "notices_interpreter_mode_check" CHECK (interpreter_mode IN ('none', 'present', 'phone'))`);
        await queryRunner.query(`ALTER TABLE "notices" ADD CONSTRAINT "notices_interpreter_check" CHECK (interpreter_mode IS NULL OR (interpreter_mode = 'none') = (interpreter_name IS NULL AND interpreter_language IS NULL))`);
        await queryRunner.query(`UPDATE "notices" SET handed_over_language = language WHERE status = 'handed_over'`);
        // The outcomes report counts interpreter use per language through this view (the notices module's port).
        await queryRunner.query(`CREATE INDEX "notices_handed_over_idx" ON "notices" ("handed_over_at") WHERE audience = 'person' AND handed_over_at IS NOT NULL`);
        await queryRunner.query(`CREATE VIEW "notice_hand_overs" AS
            SELECT centre_id, handed_over_at, coalesce(handed_over_language, language) AS language, translation_reviewed,
                   coalesce(interpreter_mode IN ('present', 'phone'), interpreter_used, false) AS with_interpreter, interpreter_mode = 'phone' AS by_phone
              FROM notices WHERE audience = 'person' AND handed_over_at IS NOT NULL`);

        await queryRunner.query(`ALTER TABLE "stays" ADD "rights_notified_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`UPDATE "stays" s SET rights_notified_at = n.handed_over_at FROM notices n WHERE n.stay_id = s.id AND n.type = 'rights_on_arrival' AND n.handed_over_at IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "stays_rights_not_notified_idx" ON "stays" ("checked_in_at") WHERE checked_out_at IS NULL AND rights_notified_at IS NULL`);

        await queryRunner.query(`ALTER TABLE "alerts" DROP CONSTRAINT "alerts_kind_check"`);
        await queryRunner.query(`ALTER TABLE "alerts" ADD CONSTRAINT "alerts_kind_check" CHECK (kind IN ('welfare_check_overdue', 'authority_expiring', 'authority_expired', 'medical_report_unanswered', 'minor_in_removal_centre', 'age_disputed', 'legal_limit_passed', 'rights_not_notified'))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DELETE FROM "alerts" WHERE kind = 'rights_not_notified'`);
        await queryRunner.query(`ALTER TABLE "alerts" DROP CONSTRAINT "alerts_kind_check"`);
        await queryRunner.query(`ALTER TABLE "alerts" ADD CONSTRAINT "alerts_kind_check" CHECK (kind IN ('welfare_check_overdue', 'authority_expiring', 'authority_expired', 'medical_report_unanswered', 'minor_in_removal_centre', 'age_disputed', 'legal_limit_passed'))`);
        await queryRunner.query(`DROP INDEX "public"."stays_rights_not_notified_idx"`);
        await queryRunner.query(`ALTER TABLE "stays" DROP COLUMN "rights_notified_at"`);
        await queryRunner.query(`DROP VIEW "notice_hand_overs"`);
        await queryRunner.query(`DROP INDEX "public"."notices_handed_over_idx"`);
        await queryRunner.query(`ALTER TABLE "notices" DROP CONSTRAINT "notices_interpreter_check"`);
        await queryRunner.query(`ALTER TABLE "notices" DROP CONSTRAINT "notices_interpreter_mode_check"`);
        await queryRunner.query(`ALTER TABLE "notices" DROP COLUMN "interpreter_language"`);
        await queryRunner.query(`ALTER TABLE "notices" DROP COLUMN "interpreter_name"`);
        await queryRunner.query(`ALTER TABLE "notices" DROP COLUMN "interpreter_mode"`);
        await queryRunner.query(`ALTER TABLE "notices" DROP COLUMN "handed_over_language"`);
        await queryRunner.query(`ALTER TABLE "notices" DROP CONSTRAINT "notices_language_choice_check"`);
        await queryRunner.query(`ALTER TABLE "notices" DROP COLUMN "language_choice"`);
        await queryRunner.query(`ALTER TABLE "notices" DROP COLUMN "translation_reviewed"`);
        await queryRunner.query(`DROP VIEW "reviewed_notice_languages"`);
        await queryRunner.query(`DROP TABLE "notice_language_reviews"`);
        await queryRunner.query(`DROP TABLE "notice_languages"`);
    }
}
