import type { MigrationInterface, QueryRunner } from "typeorm";

export class AddWaitingList1796622284267 implements MigrationInterface {
    name = 'AddWaitingList1796622284267'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "waiting_list" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "centre_id" uuid NOT NULL, "person_id" uuid NOT NULL, "interception_id" uuid, "household_id" uuid, "arrived_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_by" uuid, "closed_at" TIMESTAMP WITH TIME ZONE, "close_reason" character varying(30), "to_centre_id" uuid, "stay_id" uuid, "closed_by" uuid, CONSTRAINT "waiting_list_closed_check" CHECK ((closed_at IS NULL) = (close_reason IS NULL)), CONSTRAINT "waiting_list_close_reason_check" CHECK (close_reason IN ('checked_in', 'transferred_elsewhere', 'left', 'other')), CONSTRAINT "PK_3af55ff9231edec0da959ffc040" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "waiting_list_interception_idx" ON "waiting_list"  ("interception_id") `);
        await queryRunner.query(`CREATE INDEX "waiting_list_centre_arrived_idx" ON "waiting_list"  ("centre_id", "arrived_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "waiting_list_open_person_key" ON "waiting_list"  ("person_id") WHERE closed_at IS NULL`);
        await queryRunner.query(`CREATE TABLE "arrival_refs" ("interception_id" uuid NOT NULL, "kind" character varying(20) NOT NULL, "ref" character varying(60) NOT NULL, "entity_id" uuid NOT NULL, "centre_id" uuid NOT NULL, "status" character varying(20), "stay_id" uuid, "waiting_id" uuid, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "arrival_refs_kind_check" CHECK (kind IN ('person', 'household')), CONSTRAINT "PK_cb37c74fffd68002fc9c644149f" PRIMARY KEY ("interception_id", "kind", "ref"))`);
        await queryRunner.query(`ALTER TABLE "waiting_list" ADD CONSTRAINT "waiting_list_centre_fk" FOREIGN KEY ("centre_id") REFERENCES "centres"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "waiting_list" ADD CONSTRAINT "waiting_list_person_fk" FOREIGN KEY ("person_id") REFERENCES "people"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "waiting_list" ADD CONSTRAINT "waiting_list_interception_fk" FOREIGN KEY ("interception_id") REFERENCES "interceptions"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "arrival_refs" ADD CONSTRAINT "arrival_refs_interception_fk" FOREIGN KEY ("interception_id") REFERENCES "interceptions"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "arrival_refs" DROP CONSTRAINT "arrival_refs_interception_fk"`);
        await queryRunner.query(`ALTER TABLE "waiting_list" DROP CONSTRAINT "waiting_list_interception_fk"`);
        await queryRunner.query(`ALTER TABLE "waiting_list" DROP CONSTRAINT "waiting_list_person_fk"`);
        await queryRunner.query(`ALTER TABLE "waiting_list" DROP CONSTRAINT "waiting_list_centre_fk"`);
        await queryRunner.query(`DROP TABLE "arrival_refs"`);
        await queryRunner.query(`DROP INDEX "public"."waiting_list_open_person_key"`);
        await queryRunner.query(`DROP INDEX "public"."waiting_list_centre_arrived_idx"`);
        await queryRunner.query(`DROP INDEX "public"."waiting_list_interception_idx"`);
        await queryRunner.query(`DROP TABLE "waiting_list"`);
    }

}
