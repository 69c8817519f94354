import type { MigrationInterface, QueryRunner } from "typeorm";

export class AddNotices1795705617432 implements MigrationInterface {
    name = 'AddNotices1795705617432'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "notice_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "notice_id" uuid NOT NULL, "channel" character varying(16) NOT NULL, "recipient" character varying(254) NOT NULL, "claimed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "delivered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_936f61f7a56488c972f885d443e" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "notice_deliveries_key" ON "notice_deliveries"  ("notice_id", "channel") `);
        await queryRunner.query(`CREATE TABLE "notices" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "type" character varying(40) NOT NULL, "audience" character varying(8) NOT NULL, "person_id" uuid, "user_id" uuid, "centre_id" uuid, "stay_id" uuid, "language" character varying(8) NOT NULL, "interpreter_needed" boolean NOT NULL DEFAULT false, "status" character varying(16) NOT NULL, "subject" character varying(300), "html" text, "dedupe_key" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "rendered_at" TIMESTAMP WITH TIME ZONE, "handed_over_at" TIMESTAMP WITH TIME ZONE, "handed_over_by" uuid, "interpreter_used" boolean, "sent_at" TIMESTAMP WITH TIME ZONE, "last_error" character varying(1000), CONSTRAINT "notices_audience_check" CHECK (audience IN ('person', 'staff', 'funder')), CONSTRAINT "notices_status_check" CHECK (status IN ('pending', 'rendered', 'handed_over', 'sent', 'failed')), CONSTRAINT "PK_3eb18c29da25d6935fcbe584237" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "notices_user_idx" ON "notices"  ("user_id", "created_at") `);
        await queryRunner.query(`CREATE INDEX "notices_to_hand_over_idx" ON "notices"  ("centre_id", "created_at") WHERE audience = 'person' AND status = 'rendered'`);
        await queryRunner.query(`CREATE INDEX "notices_person_idx" ON "notices"  ("person_id", "created_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "notices_dedupe_key" ON "notices"  ("dedupe_key") `);
        await queryRunner.query(`ALTER TABLE "outbox_messages" ADD "failed_at" TIMESTAMP WITH TIME ZONE`);
        // The reconciler's index leaves out jobs that failed for good (generators do not see a changed WHERE).
        await queryRunner.query(`DROP INDEX "public"."outbox_messages_unfinished_idx"`);
        await queryRunner.query(`CREATE INDEX "outbox_messages_unfinished_idx" ON "outbox_messages" ("enqueued_at") WHERE completed_at IS NULL AND failed_at IS NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."outbox_messages_unfinished_idx"`);
        await queryRunner.query(`CREATE INDEX "outbox_messages_unfinished_idx" ON "outbox_messages" ("enqueued_at") WHERE completed_at IS NULL`);
        await queryRunner.query(`ALTER TABLE "outbox_messages" DROP COLUMN "failed_at"`);
        await queryRunner.query(`DROP INDEX "public"."notices_dedupe_key"`);
        await queryRunner.query(`DROP INDEX "public"."notices_person_idx"`);
        await queryRunner.query(`DROP INDEX "public"."notices_to_hand_over_idx"`);
        await queryRunner.query(`DROP INDEX "public"."notices_user_idx"`);
        await queryRunner.query(`DROP TABLE "notices"`);
        await queryRunner.query(`DROP INDEX "public"."notice_deliveries_key"`);
        await queryRunner.query(`DROP TABLE "notice_deliveries"`);
    }

}
