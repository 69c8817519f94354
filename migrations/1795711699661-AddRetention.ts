import type { MigrationInterface, QueryRunner } from "typeorm";

export class AddRetention1795711699661 implements MigrationInterface {
    name = 'AddRetention1795711699661'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "retention_runs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE, "status" character varying(16) NOT NULL, "periods" jsonb NOT NULL, "counts" jsonb NOT NULL, "details" jsonb NOT NULL DEFAULT '{}', "people" integer NOT NULL DEFAULT '0', CONSTRAINT "retention_runs_status_check" CHECK (status IN ('running', 'completed', 'failed')), CONSTRAINT "PK_80f0aec401112f8d4bad156a908" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "retention_runs_started_idx" ON "retention_runs"  ("started_at") `);
        await queryRunner.query(`ALTER TABLE "people" ADD "legal_hold" boolean NOT NULL DEFAULT false`);
        await queryRunner.query(`ALTER TABLE "people" ADD "legal_hold_reason" character varying(500)`);
        await queryRunner.query(`ALTER TABLE "people" ADD "legal_hold_by" uuid`);
        await queryRunner.query(`ALTER TABLE "people" ADD "legal_hold_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "people" ADD "anonymised_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`CREATE INDEX "people_legal_hold_idx" ON "people"  ("legal_hold_at") WHERE legal_hold`);
        await queryRunner.query(`ALTER TABLE "people" ADD CONSTRAINT "people_legal_hold_check" CHECK (legal_hold = (legal_hold_reason IS NOT NULL AND legal_hold_at IS NOT NULL))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "people" DROP CONSTRAINT "people_legal_hold_check"`);
        await queryRunner.query(`DROP INDEX "public"."people_legal_hold_idx"`);
        await queryRunner.query(`ALTER TABLE "people" DROP COLUMN "anonymised_at"`);
        await queryRunner.query(`ALTER TABLE "people" DROP COLUMN "legal_hold_at"`);
        await queryRunner.query(`ALTER TABLE "people" DROP COLUMN "legal_hold_by"`);
        await queryRunner.query(`ALTER TABLE "people" DROP COLUMN "legal_hold_reason"`);
        await queryRunner.query(`ALTER TABLE "people" DROP COLUMN "legal_hold"`);
        await queryRunner.query(`DROP INDEX "public"."retention_runs_started_idx"`);
        await queryRunner.query(`DROP TABLE "retention_runs"`);
    }

}
