import type { MigrationInterface, QueryRunner } from "typeorm";

export class AddWelfareAlertsExtensions1795704177600 implements MigrationInterface {
    name = 'AddWelfareAlertsExtensions1795704177600'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "alerts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "centre_id" uuid NOT NULL, "stay_id" uuid, "kind" character varying(40) NOT NULL, "severity" character varying(8) NOT NULL, "episode_key" character varying(200) NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE, "raised_at" TIMESTAMP WITH TIME ZONE NOT NULL, "acknowledged_at" TIMESTAMP WITH TIME ZONE, "acknowledged_by" uuid, "resolved_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "alerts_severity_check" CHECK (severity IN ('urgent', 'warning')), CONSTRAINT "alerts_kind_check" CHECK (kind IN ('welfare_check_overdue', 'authority_expiring', 'authority_expired', 'medical_report_unanswered', 'minor_in_removal_centre')), CONSTRAINT "PK_60f895662df096bfcdfab7f4b96" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "alerts_stay_idx" ON "alerts"  ("stay_id") `);
        await queryRunner.query(`CREATE INDEX "alerts_centre_open_idx" ON "alerts"  ("centre_id", "raised_at") WHERE resolved_at IS NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "alerts_episode_key" ON "alerts"  ("episode_key") `);
        await queryRunner.query(`CREATE TABLE "tasks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL, "source" character varying(32) NOT NULL, "title" character varying(300) NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "assigned_to" uuid, "done_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "tasks_source_check" CHECK (source IN ('welfare_concern', 'vulnerability', 'deadline', 'manual', 'interpreter')), CONSTRAINT "PK_8d12ff38fcc62aaba2cab748772" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "tasks_assignee_open_idx" ON "tasks"  ("assigned_to", "due_at") WHERE done_at IS NULL`);
        await queryRunner.query(`CREATE INDEX "tasks_case_idx" ON "tasks"  ("case_id", "due_at") `);
        await queryRunner.query(`CREATE TABLE "stay_extensions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "stay_id" uuid NOT NULL, "sequence_index" integer NOT NULL, "decided_at" TIMESTAMP WITH TIME ZONE NOT NULL, "days" integer NOT NULL, "decided_by" character varying(200) NOT NULL, "previous_authorised_until" TIMESTAMP WITH TIME ZONE NOT NULL, "authorised_until" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_64c0608e7a883118550c08bf45b" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "stay_extensions_sequence_key" ON "stay_extensions"  ("stay_id", "sequence_index") `);
        await queryRunner.query(`CREATE TABLE "age_assessments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "status" character varying(16) NOT NULL, "outcome" character varying(16), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "age_assessments_outcome_check" CHECK ((status = 'completed') = (outcome IS NOT NULL) AND (outcome IS NULL OR outcome IN ('adult', 'minor', 'inconclusive'))), CONSTRAINT "age_assessments_status_check" CHECK (status IN ('requested', 'in_progress', 'completed')), CONSTRAINT "PK_155a146efee5afe7c9cbca29b4c" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "age_assessments_person_idx" ON "age_assessments"  ("person_id", "updated_at") `);
        await queryRunner.query(`CREATE TABLE "welfare_checks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "stay_id" uuid NOT NULL, "outcome" character varying(20) NOT NULL, "notes" character varying(2000), "performed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "welfare_checks_outcome_check" CHECK (outcome IN ('seen_well', 'concern_raised', 'refused', 'not_present')), CONSTRAINT "PK_4f211584ee7a78081dc652236d2" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "welfare_checks_stay_idx" ON "welfare_checks"  ("stay_id", "performed_at") `);
        await queryRunner.query(`CREATE TABLE "medical_reports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "stay_id" uuid NOT NULL, "kind" character varying(32) NOT NULL, "sent_to" character varying(200) NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL, "reply_due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "replied_at" TIMESTAMP WITH TIME ZONE, "reply_summary" character varying(500), "recorded_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d5f4b80d583ee85380b5d4ac826" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "medical_reports_unanswered_idx" ON "medical_reports"  ("reply_due_at") WHERE replied_at IS NULL`);
        await queryRunner.query(`CREATE INDEX "medical_reports_stay_idx" ON "medical_reports"  ("stay_id") `);
        await queryRunner.query(`CREATE TABLE "vulnerabilities" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "stay_id" uuid, "type" character varying(40) NOT NULL, "notes" character varying(2000), "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ee96a1a8d70c431bc2d86485502" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "vulnerabilities_person_idx" ON "vulnerabilities"  ("person_id", "recorded_at") `);
        await queryRunner.query(`CREATE TABLE "welfare_level_changes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "stay_id" uuid NOT NULL, "from_level" character varying(16) NOT NULL, "to_level" character varying(16) NOT NULL, "reason" character varying(500) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "by_user_id" uuid, CONSTRAINT "PK_1a744b3397f8fabf1f1f3caee96" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "welfare_level_changes_stay_idx" ON "welfare_level_changes"  ("stay_id", "at") `);
        await queryRunner.query(`ALTER TABLE "centres" ADD "welfare_standard_minutes" integer NOT NULL DEFAULT '1440'`);
        await queryRunner.query(`ALTER TABLE "centres" ADD "welfare_heightened_minutes" integer NOT NULL DEFAULT '240'`);
        await queryRunner.query(`ALTER TABLE "centres" ADD "welfare_constant_minutes" integer NOT NULL DEFAULT '15'`);
        await queryRunner.query(`ALTER TABLE "centres" ADD "first_welfare_check_minutes" integer NOT NULL DEFAULT '60'`);
        await queryRunner.query(`ALTER TABLE "stays" ADD "asylum_claim_window_ends_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "centres" ADD CONSTRAINT "centres_welfare_intervals_check" CHECK (welfare_constant_minutes BETWEEN 1 AND welfare_heightened_minutes AND welfare_heightened_minutes <= welfare_standard_minutes AND welfare_standard_minutes <= 10080 AND first_welfare_check_minutes BETWEEN 1 AND 1440)`);
        await queryRunner.query(`ALTER TABLE "tasks" ADD CONSTRAINT "tasks_case_fk" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "stay_extensions" ADD CONSTRAINT "stay_extensions_stay_fk" FOREIGN KEY ("stay_id") REFERENCES "stays"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "age_assessments" ADD CONSTRAINT "age_assessments_person_fk" FOREIGN KEY ("person_id") REFERENCES "people"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "welfare_checks" ADD CONSTRAINT "welfare_checks_stay_fk" FOREIGN KEY ("stay_id") REFERENCES "stays"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "medical_reports" ADD CONSTRAINT "medical_reports_stay_fk" FOREIGN KEY ("stay_id") REFERENCES "stays"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "vulnerabilities" ADD CONSTRAINT "vulnerabilities_person_fk" FOREIGN KEY ("person_id") REFERENCES "people"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "welfare_level_changes" ADD CONSTRAINT "welfare_level_changes_stay_fk" FOREIGN KEY ("stay_id") REFERENCES "stays"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "welfare_level_changes" DROP CONSTRAINT "welfare_level_changes_stay_fk"`);
        await queryRunner.query(`ALTER TABLE "vulnerabilities" DROP CONSTRAINT "vulnerabilities_person_fk"`);
        await queryRunner.query(`ALTER TABLE "medical_reports" DROP CONSTRAINT "medical_reports_stay_fk"`);
        await queryRunner.query(`ALTER TABLE "welfare_checks" DROP CONSTRAINT "welfare_checks_stay_fk"`);
        await queryRunner.query(`ALTER TABLE "age_assessments" DROP CONSTRAINT "age_assessments_person_fk"`);
        await queryRunner.query(`ALTER TABLE "stay_extensions" DROP CONSTRAINT "stay_extensions_stay_fk"`);
        await queryRunner.query(`ALTER TABLE "tasks" DROP CONSTRAINT "tasks_case_fk"`);
        await queryRunner.query(`ALTER TABLE "centres" DROP CONSTRAINT "centres_welfare_intervals_check"`);
        await queryRunner.query(`ALTER TABLE "stays" DROP COLUMN "asylum_claim_window_ends_at"`);
        await queryRunner.query(`ALTER TABLE "centres" DROP COLUMN "first_welfare_check_minutes"`);
        await queryRunner.query(`ALTER TABLE "centres" DROP COLUMN "welfare_constant_minutes"`);
        await queryRunner.query(`ALTER TABLE "centres" DROP COLUMN "welfare_heightened_minutes"`);
        await queryRunner.query(`ALTER TABLE "centres" DROP COLUMN "welfare_standard_minutes"`);
        await queryRunner.query(`DROP INDEX "public"."welfare_level_changes_stay_idx"`);
        await queryRunner.query(`DROP TABLE "welfare_level_changes"`);
        await queryRunner.query(`DROP INDEX "public"."vulnerabilities_person_idx"`);
        await queryRunner.query(`DROP TABLE "vulnerabilities"`);
        await queryRunner.query(`DROP INDEX "public"."medical_reports_stay_idx"`);
        await queryRunner.query(`DROP INDEX "public"."medical_reports_unanswered_idx"`);
        await queryRunner.query(`DROP TABLE "medical_reports"`);
        await queryRunner.query(`DROP INDEX "public"."welfare_checks_stay_idx"`);
        await queryRunner.query(`DROP TABLE "welfare_checks"`);
        await queryRunner.query(`DROP INDEX "public"."age_assessments_person_idx"`);
        await queryRunner.query(`DROP TABLE "age_assessments"`);
        await queryRunner.query(`DROP INDEX "public"."stay_extensions_sequence_key"`);
        await queryRunner.query(`DROP TABLE "stay_extensions"`);
        await queryRunner.query(`DROP INDEX "public"."tasks_case_idx"`);
        await queryRunner.query(`DROP INDEX "public"."tasks_assignee_open_idx"`);
        await queryRunner.query(`DROP TABLE "tasks"`);
        await queryRunner.query(`DROP INDEX "public"."alerts_episode_key"`);
        await queryRunner.query(`DROP INDEX "public"."alerts_centre_open_idx"`);
        await queryRunner.query(`DROP INDEX "public"."alerts_stay_idx"`);
        await queryRunner.query(`DROP TABLE "alerts"`);
    }

}
