import type { MigrationInterface, QueryRunner } from "typeorm";

export class AddPublishedTables1796619922749 implements MigrationInterface {
    name = 'AddPublishedTables1796619922749'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "published_tables" ("month" date NOT NULL, "centre_ids" uuid array NOT NULL, "cells" jsonb NOT NULL, "hidden" jsonb NOT NULL, "lengths" jsonb NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_0f6bd7dc8a461c4ad108fa981a8" PRIMARY KEY ("month"))`);
        await queryRunner.query(`ALTER TABLE "published_tables" ADD CONSTRAINT "published_tables_month_check" CHECK (extract(day FROM "month") = 1)`);
        // A month funders have read never changes: the table only grows.
        await queryRunner.query(`CREATE FUNCTION published_tables_final() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              RAISE EXCEPTION 'a published month never changes' USING ERRCODE = 'integrity_constraint_violation';
            END $$`);
        await queryRunner.query(`CREATE TRIGGER published_tables_final BEFORE UPDATE OR DELETE ON "published_tables" FOR EACH ROW EXECUTE FUNCTION published_tables_final()`);
        await queryRunner.query(`CREATE TRIGGER published_tables_final_truncate BEFORE TRUNCATE ON "published_tables" FOR EACH STATEMENT EXECUTE FUNCTION published_tables_final()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "published_tables"`);
        await queryRunner.query(`DROP FUNCTION published_tables_final()`);
    }

}
