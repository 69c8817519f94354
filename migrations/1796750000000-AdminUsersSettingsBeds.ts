import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Administration in the pages:
 * - `users.last_sign_in_at`: when the user last signed in (pages or API token);
 * - a bed out of service says why (a kind, and optional words) and when it is expected back;
 *   beds already out of service are given the kind `other`;
 * - `centre_setting_changes`: a centre's limits and welfare intervals before and after a change,
 *   beside its audit event.
 */
export class AdminUsersSettingsBeds1796750000000 implements MigrationInterface {
    name = 'AdminUsersSettingsBeds1796750000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "users" ADD "last_sign_in_at" TIMESTAMP WITH TIME ZONE`);

        await queryRunner.query(`ALTER TABLE "beds" ADD "out_of_service_reason" character varying(16)`);
        await queryRunner.query(`ALTER TABLE "beds" ADD "out_of_service_note" character varying(500)`);
        await queryRunner.query(`ALTER TABLE "beds" ADD "expected_back_on" date`);
        await queryRunner.query(`UPDATE "beds" SET "out_of_service_reason" = 'other' WHERE NOT in_service`);
        await queryRunner.query(`ALTER TABLE "beds" ADD CONSTRAINT "beds_out_of_service_reason_check" CHECK (out_of_service_reason IN ('repair', 'cleaning', 'safety', 'health', 'other'))`);
        await queryRunner.query(`ALTER TABLE "beds" ADD CONSTRAINT "beds_out_of_service_check" CHECK (in_service = (out_of_service_reason IS NULL) AND (out_of_service_reason IS NOT NULL OR (out_of_service_note IS NULL AND expected_back_on IS NULL)))`);

        await queryRunner.query(`CREATE TABLE "centre_setting_changes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "centre_id" uuid NOT NULL, "audit_event_id" uuid, "changes" jsonb NOT NULL, "changed_by" uuid, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_centre_setting_changes" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "centre_setting_changes_centre_idx" ON "centre_setting_changes" ("centre_id", "at") `);
        await queryRunner.query(`ALTER TABLE "centre_setting_changes" ADD CONSTRAINT "centre_setting_changes_centre_fk" FOREIGN KEY ("centre_id") REFERENCES "centres"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "centre_setting_changes"`);
        await queryRunner.query(`ALTER TABLE "beds" DROP CONSTRAINT "beds_out_of_service_check"`);
        await queryRunner.query(`ALTER TABLE "beds" DROP CONSTRAINT "beds_out_of_service_reason_check"`);
        await queryRunner.query(`ALTER TABLE "beds" DROP COLUMN "expected_back_on"`);
        await queryRunner.query(`ALTER TABLE "beds" DROP COLUMN "out_of_service_note"`);
        await queryRunner.query(`ALTER TABLE "beds" DROP COLUMN "out_of_service_reason"`);
        await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "last_sign_in_at"`);
    }
}
