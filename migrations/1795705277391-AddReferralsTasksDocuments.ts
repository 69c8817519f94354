import type { MigrationInterface, QueryRunner } from "typeorm";

export class AddReferralsTasksDocuments1795705277391 implements MigrationInterface {
    name = 'AddReferralsTasksDocuments1795705277391'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "case_notes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL, "text" text NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "by_user_id" uuid, CONSTRAINT "PK_474011f166285b8da9a653af5c5" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "case_notes_case_idx" ON "case_notes"  ("case_id", "at") `);
        await queryRunner.query(`CREATE TABLE "referrals" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL, "centre_id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "status" character varying(32) NOT NULL, "accelerated" boolean NOT NULL DEFAULT false, "next_deadline_at" TIMESTAMP WITH TIME ZONE, "next_deadline_kind" character varying(32), "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "referrals_version_check" CHECK (version >= 1), CONSTRAINT "referrals_status_check" CHECK (status IN ('draft', 'submitted', 'registered', 'lodged', 'interview_scheduled', 'decided_granted', 'decided_refused', 'appeal_lodged', 'appeal_granted', 'appeal_refused', 'dublin_transfer', 'withdrawn')), CONSTRAINT "referrals_kind_check" CHECK (kind IN ('asylum')), CONSTRAINT "PK_ea9980e34f738b6252817326c08" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "referrals_status_idx" ON "referrals"  ("centre_id", "status") `);
        await queryRunner.query(`CREATE INDEX "referrals_deadline_idx" ON "referrals"  ("centre_id", "next_deadline_at") WHERE next_deadline_at IS NOT NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "referrals_one_open_per_case_key" ON "referrals"  ("case_id", "kind") WHERE status NOT IN ('decided_granted', 'appeal_granted', 'appeal_refused', 'dublin_transfer', 'withdrawn')`);
        await queryRunner.query(`CREATE INDEX "referrals_case_idx" ON "referrals"  ("case_id") `);
        await queryRunner.query(`CREATE TABLE "referral_documents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "referral_id" uuid NOT NULL, "file_name" character varying(200) NOT NULL, "content_type" character varying(32) NOT NULL, "size_bytes" integer NOT NULL, "sha256" character(64) NOT NULL, "content" bytea NOT NULL, "uploaded_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "referral_documents_size_check" CHECK (size_bytes > 0 AND size_bytes <= 10485760), CONSTRAINT "referral_documents_type_check" CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')), CONSTRAINT "PK_009086d134e52daaebe188ffb6c" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "referral_documents_referral_idx" ON "referral_documents"  ("referral_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "referral_transitions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "referral_id" uuid NOT NULL, "from_status" character varying(32), "to_status" character varying(32) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "by_user_id" uuid, "note" character varying(2000), CONSTRAINT "PK_3b5828182b4ff9ea0725db4d6bb" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "referral_transitions_referral_idx" ON "referral_transitions"  ("referral_id", "recorded_at") `);
        await queryRunner.query(`ALTER TABLE "case_status_changes" ADD "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`);
        await queryRunner.query(`ALTER TABLE "case_notes" ADD CONSTRAINT "case_notes_case_fk" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "referrals" ADD CONSTRAINT "referrals_case_fk" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "referral_documents" ADD CONSTRAINT "referral_documents_referral_fk" FOREIGN KEY ("referral_id") REFERENCES "referrals"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "referral_transitions" ADD CONSTRAINT "referral_transitions_referral_fk" FOREIGN KEY ("referral_id") REFERENCES "referrals"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "referral_transitions" DROP CONSTRAINT "referral_transitions_referral_fk"`);
        await queryRunner.query(`ALTER TABLE "referral_documents" DROP CONSTRAINT "referral_documents_referral_fk"`);
        await queryRunner.query(`ALTER TABLE "referrals" DROP CONSTRAINT "referrals_case_fk"`);
        await queryRunner.query(`ALTER TABLE "case_notes" DROP CONSTRAINT "case_notes_case_fk"`);
        await queryRunner.query(`ALTER TABLE "case_status_changes" DROP COLUMN "recorded_at"`);
        await queryRunner.query(`DROP INDEX "public"."referral_transitions_referral_idx"`);
        await queryRunner.query(`DROP TABLE "referral_transitions"`);
        await queryRunner.query(`DROP INDEX "public"."referral_documents_referral_idx"`);
        await queryRunner.query(`DROP TABLE "referral_documents"`);
        await queryRunner.query(`DROP INDEX "public"."referrals_case_idx"`);
        await queryRunner.query(`DROP INDEX "public"."referrals_one_open_per_case_key"`);
        await queryRunner.query(`DROP INDEX "public"."referrals_deadline_idx"`);
        await queryRunner.query(`DROP INDEX "public"."referrals_status_idx"`);
        await queryRunner.query(`DROP TABLE "referrals"`);
        await queryRunner.query(`DROP INDEX "public"."case_notes_case_idx"`);
        await queryRunner.query(`DROP TABLE "case_notes"`);
    }

}
