import type { MigrationInterface, QueryRunner } from "typeorm";

export class RecordLegalRecord1796730000000 implements MigrationInterface {
    name = 'RecordLegalRecord1796730000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "hearings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "stay_id" uuid NOT NULL, "scheduled_at" TIMESTAMP WITH TIME ZONE NOT NULL, "court" character varying(200) NOT NULL, "purpose" character varying(20) NOT NULL, "outcome" character varying(20), "decided_at" TIMESTAMP WITH TIME ZONE, "extension_id" uuid, "extension_refusal_id" uuid, "adjourned_from_id" uuid, "scheduled_by" uuid, "outcome_recorded_by" uuid, "outcome_recorded_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "hearings_refusal_check" CHECK ((extension_refusal_id IS NOT NULL) = (outcome IS NOT DISTINCT FROM 'refused')), CONSTRAINT "hearings_extension_check" CHECK ((extension_id IS NOT NULL) = (outcome IS NOT DISTINCT FROM 'extension_granted')), CONSTRAINT "hearings_decided_check" CHECK ((outcome IS NULL) = (decided_at IS NULL)), CONSTRAINT "hearings_outcome_check" CHECK (outcome IS NULL OR outcome IN ('extension_granted', 'refused', 'adjourned')), CONSTRAINT "hearings_purpose_check" CHECK (purpose IN ('extension', 'release_request', 'other')), CONSTRAINT "PK_79d1a17d4ddd70a11c44bf3b42c" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "hearings_adjourned_from_key" ON "hearings"  ("adjourned_from_id") WHERE adjourned_from_id IS NOT NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "hearings_refusal_key" ON "hearings"  ("extension_refusal_id") WHERE extension_refusal_id IS NOT NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "hearings_extension_key" ON "hearings"  ("extension_id") WHERE extension_id IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "hearings_pending_idx" ON "hearings"  ("scheduled_at") WHERE outcome IS NULL`);
        await queryRunner.query(`CREATE INDEX "hearings_stay_idx" ON "hearings"  ("stay_id", "scheduled_at") `);
        await queryRunner.query(`CREATE TABLE "removal_orders" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "stay_id" uuid NOT NULL, "kind" character varying(30) NOT NULL, "issued_by" character varying(200), "notified_at" TIMESTAMP WITH TIME ZONE NOT NULL, "appeal_deadline_at" TIMESTAMP WITH TIME ZONE NOT NULL, "appeal_lodged_at" TIMESTAMP WITH TIME ZONE, "appeal_court" character varying(200), "appeal_recorded_by" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "decision" character varying(10), "decision_recorded_by" uuid, "recorded_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "removal_orders_decided_after_appeal_check" CHECK (decided_at IS NULL OR (appeal_lodged_at IS NOT NULL AND decided_at >= appeal_lodged_at)), CONSTRAINT "removal_orders_decision_check" CHECK ((decided_at IS NULL) = (decision IS NULL) AND (decision IS NULL OR decision IN ('annulled', 'upheld'))), CONSTRAINT "removal_orders_appeal_check" CHECK ((appeal_lodged_at IS NULL) = (appeal_court IS NULL) AND (appeal_lodged_at IS NULL OR appeal_lodged_at >= notified_at)), CONSTRAINT "removal_orders_deadline_check" CHECK (appeal_deadline_at > notified_at), CONSTRAINT "removal_orders_kind_check" CHECK (kind IN ('without_departure_period', 'with_departure_period')), CONSTRAINT "PK_ea890b9bdcf0cd880915bff7676" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "removal_orders_unappealed_idx" ON "removal_orders"  ("appeal_deadline_at") WHERE appeal_lodged_at IS NULL`);
        await queryRunner.query(`CREATE INDEX "removal_orders_stay_idx" ON "removal_orders"  ("stay_id", "notified_at") `);
        await queryRunner.query(`CREATE TABLE "legal_contacts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "name" character varying(200) NOT NULL, "organisation" character varying(200), "phone" character varying(40), "email" character varying(254), "notes" character varying(2000), "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_by" uuid, "ended_at" TIMESTAMP WITH TIME ZONE, "ended_by" uuid, "end_reason" character varying(500), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "legal_contacts_ended_check" CHECK ((ended_at IS NULL OR ended_at >= recorded_at) AND (end_reason IS NULL OR ended_at IS NOT NULL)), CONSTRAINT "legal_contacts_kind_check" CHECK (kind IN ('lawyer', 'legal_aid', 'consular')), CONSTRAINT "PK_e901a31957670f84de1e2a68abc" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "legal_contacts_person_idx" ON "legal_contacts"  ("person_id", "recorded_at") `);
        await queryRunner.query(`ALTER TABLE "hearings" ADD CONSTRAINT "hearings_stay_fk" FOREIGN KEY ("stay_id") REFERENCES "stays"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "hearings" ADD CONSTRAINT "hearings_extension_fk" FOREIGN KEY ("extension_id") REFERENCES "stay_extensions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "hearings" ADD CONSTRAINT "hearings_refusal_fk" FOREIGN KEY ("extension_refusal_id") REFERENCES "extension_refusals"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "hearings" ADD CONSTRAINT "hearings_adjourned_from_fk" FOREIGN KEY ("adjourned_from_id") REFERENCES "hearings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "removal_orders" ADD CONSTRAINT "removal_orders_stay_fk" FOREIGN KEY ("stay_id") REFERENCES "stays"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "legal_contacts" ADD CONSTRAINT "legal_contacts_person_fk" FOREIGN KEY ("person_id") REFERENCES "people"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "legal_contacts" DROP CONSTRAINT "legal_contacts_person_fk"`);
        await queryRunner.query(`ALTER TABLE "removal_orders" DROP CONSTRAINT "removal_orders_stay_fk"`);
        await queryRunner.query(`ALTER TABLE "hearings" DROP CONSTRAINT "hearings_adjourned_from_fk"`);
        await queryRunner.query(`ALTER TABLE "hearings" DROP CONSTRAINT "hearings_refusal_fk"`);
        await queryRunner.query(`ALTER TABLE "hearings" DROP CONSTRAINT "hearings_extension_fk"`);
        await queryRunner.query(`ALTER TABLE "hearings" DROP CONSTRAINT "hearings_stay_fk"`);
        await queryRunner.query(`DROP INDEX "public"."legal_contacts_person_idx"`);
        await queryRunner.query(`DROP TABLE "legal_contacts"`);
        await queryRunner.query(`DROP INDEX "public"."removal_orders_stay_idx"`);
        await queryRunner.query(`DROP INDEX "public"."removal_orders_unappealed_idx"`);
        await queryRunner.query(`DROP TABLE "removal_orders"`);
        await queryRunner.query(`DROP INDEX "public"."hearings_stay_idx"`);
        await queryRunner.query(`DROP INDEX "public"."hearings_pending_idx"`);
        await queryRunner.query(`DROP INDEX "public"."hearings_extension_key"`);
        await queryRunner.query(`DROP INDEX "public"."hearings_refusal_key"`);
        await queryRunner.query(`DROP INDEX "public"."hearings_adjourned_from_key"`);
        await queryRunner.query(`DROP TABLE "hearings"`);
    }

}
