import type { MigrationInterface, QueryRunner } from "typeorm";

// Exit reasons after which the case is over for good; after the others the person was released.
const CLOSING_EXITS = `('removed', 'dublin_transfer', 'deceased')`;
// Referral statuses that are still moving: a case with one stays where it is at a departure.
const OPEN_REFERRAL = `r.status NOT IN ('decided_granted', 'appeal_granted', 'appeal_refused', 'dublin_transfer', 'withdrawn')`;

export class AddSafeguarding1796607362442 implements MigrationInterface {
    name = 'AddSafeguarding1796607362442'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "alert_escalations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "alert_id" uuid NOT NULL, "round" integer NOT NULL, "escalated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recipients" integer NOT NULL, CONSTRAINT "PK_84761490c47dbcf9324a57242a9" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "alert_escalations_round_key" ON "alert_escalations"  ("alert_id", "round") `);
        await queryRunner.query(`CREATE TABLE "centre_duty_contacts" ("centre_id" uuid NOT NULL, "user_id" uuid NOT NULL, "set_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3b3697c30cac0f16d03d7a94c8b" PRIMARY KEY ("centre_id", "user_id"))`);
        await queryRunner.query(`CREATE TABLE "extension_refusals" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "stay_id" uuid NOT NULL, "decided_at" TIMESTAMP WITH TIME ZONE NOT NULL, "decided_by" character varying(200) NOT NULL, "released_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_15135199cc010d11b7724f3f638" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "extension_refusals_stay_idx" ON "extension_refusals"  ("stay_id") `);
        await queryRunner.query(`ALTER TABLE "people" ADD "assessed_age" character varying(8)`);
        await queryRunner.query(`ALTER TABLE "people" ADD CONSTRAINT "people_assessed_age_check" CHECK (assessed_age IS NULL OR assessed_age IN ('adult', 'minor'))`);
        await queryRunner.query(`ALTER TABLE "alerts" DROP CONSTRAINT "alerts_kind_check"`);
        await queryRunner.query(`ALTER TABLE "alerts" ADD CONSTRAINT "alerts_kind_check" CHECK (kind IN ('welfare_check_overdue', 'authority_expiring', 'authority_expired', 'medical_report_unanswered', 'minor_in_removal_centre', 'age_disputed', 'legal_limit_passed'))`);
        await queryRunner.query(`ALTER TABLE "tasks" DROP CONSTRAINT "tasks_source_check"`);
        await queryRunner.query(`ALTER TABLE "tasks" ADD CONSTRAINT "tasks_source_check" CHECK (source IN ('welfare_concern', 'vulnerability', 'deadline', 'manual', 'interpreter', 'age_assessment'))`);
        // Where each person's age stands: the latest completed assessment that concluded.
        await queryRunner.query(`UPDATE people p SET assessed_age = a.outcome
            FROM (SELECT DISTINCT ON (person_id) person_id, outcome FROM age_assessments
                   WHERE status = 'completed' AND outcome IN ('adult', 'minor') ORDER BY person_id, updated_at DESC, created_at DESC) a
           WHERE a.person_id = p.id`);
        // A departure moves the case out of 'open' (unless an asylum referral is still moving): the
        // cases of people who left before this rule get the same move, dated at their check-out.
        await queryRunner.query(`WITH departed AS (
                SELECT c.id, s.checked_out_at AS at, CASE WHEN s.exit_reason IN ${CLOSING_EXITS} THEN 'closed' ELSE 'released' END AS status
                  FROM cases c
                  JOIN LATERAL (SELECT checked_out_at, exit_reason FROM stays WHERE case_id = c.id ORDER BY checked_in_at DESC, id DESC LIMIT 1) s ON true
                 WHERE c.status = 'open' AND s.checked_out_at IS NOT NULL AND s.exit_reason <> 'transferred'
                   AND NOT EXISTS (SELECT 1 FROM referrals r WHERE r.case_id = c.id AND ${OPEN_REFERRAL})
            ), history AS (
                INSERT INTO case_status_changes (case_id, from_status, to_status, at, by_user_id, note)
                SELECT id, 'open', status, at, NULL, NULL FROM departed
            )
            UPDATE cases c SET status = d.status, closed_at = CASE WHEN d.status = 'closed' THEN d.at END, version = c.version + 1
              FROM departed d WHERE d.id = c.id`);
        await queryRunner.query(`ALTER TABLE "alert_escalations" ADD CONSTRAINT "alert_escalations_alert_fk" FOREIGN KEY ("alert_id") REFERENCES "alerts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "centre_duty_contacts" ADD CONSTRAINT "centre_duty_contacts_centre_fk" FOREIGN KEY ("centre_id") REFERENCES "centres"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "extension_refusals" ADD CONSTRAINT "extension_refusals_stay_fk" FOREIGN KEY ("stay_id") REFERENCES "stays"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "extension_refusals" DROP CONSTRAINT "extension_refusals_stay_fk"`);
        await queryRunner.query(`ALTER TABLE "centre_duty_contacts" DROP CONSTRAINT "centre_duty_contacts_centre_fk"`);
        await queryRunner.query(`ALTER TABLE "alert_escalations" DROP CONSTRAINT "alert_escalations_alert_fk"`);
        await queryRunner.query(`ALTER TABLE "alerts" DROP CONSTRAINT "alerts_kind_check"`);
        await queryRunner.query(`ALTER TABLE "alerts" ADD CONSTRAINT "alerts_kind_check" CHECK (kind IN ('welfare_check_overdue', 'authority_expiring', 'authority_expired', 'medical_report_unanswered', 'minor_in_removal_centre'))`);
        await queryRunner.query(`ALTER TABLE "tasks" DROP CONSTRAINT "tasks_source_check"`);
        await queryRunner.query(`ALTER TABLE "tasks" ADD CONSTRAINT "tasks_source_check" CHECK (source IN ('welfare_concern', 'vulnerability', 'deadline', 'manual', 'interpreter'))`);
        await queryRunner.query(`ALTER TABLE "people" DROP CONSTRAINT "people_assessed_age_check"`);
        await queryRunner.query(`ALTER TABLE "people" DROP COLUMN "assessed_age"`);
        await queryRunner.query(`DROP INDEX "public"."extension_refusals_stay_idx"`);
        await queryRunner.query(`DROP TABLE "extension_refusals"`);
        await queryRunner.query(`DROP TABLE "centre_duty_contacts"`);
        await queryRunner.query(`DROP INDEX "public"."alert_escalations_round_key"`);
        await queryRunner.query(`DROP TABLE "alert_escalations"`);
    }

}
