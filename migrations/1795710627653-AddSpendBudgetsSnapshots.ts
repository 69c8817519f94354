import type { MigrationInterface, QueryRunner } from "typeorm";

export class AddSpendBudgetsSnapshots1795710627653 implements MigrationInterface {
    name = 'AddSpendBudgetsSnapshots1795710627653'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "funding_sources" ("code" character varying(32) NOT NULL, "name" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "funding_sources_code_check" CHECK (code ~ '^[A-Z0-9][A-Z0-9-]{0,31}$'), CONSTRAINT "PK_437dffe25174bbf50aff6b61720" PRIMARY KEY ("code"))`);
        await queryRunner.query(`CREATE TABLE "budgets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "centre_id" uuid NOT NULL, "year" integer NOT NULL, "funding_source" character varying(32) NOT NULL, "amount_cents" bigint NOT NULL, "currency" character(3) NOT NULL DEFAULT 'EUR', "updated_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "budgets_currency_check" CHECK (currency ~ '^[A-Z]{3}$'), CONSTRAINT "budgets_year_check" CHECK (year BETWEEN 2000 AND 2100), CONSTRAINT "budgets_amount_check" CHECK (amount_cents >= 0), CONSTRAINT "PK_9c8a51748f82387644b773da482" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "budgets_centre_year_source_key" ON "budgets"  ("centre_id", "year", "funding_source", "currency") `);
        await queryRunner.query(`CREATE TABLE "spend_entries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "centre_id" uuid NOT NULL, "spent_on" date NOT NULL, "category" character varying(32) NOT NULL, "funding_source" character varying(32) NOT NULL, "amount_cents" bigint NOT NULL, "currency" character(3) NOT NULL DEFAULT 'EUR', "description" character varying(500), "import_id" uuid, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "spend_entries_category_check" CHECK (category IN ('accommodation', 'catering', 'healthcare', 'interpreting', 'legal_aid', 'transport', 'security', 'staff', 'equipment', 'other')), CONSTRAINT "spend_entries_currency_check" CHECK (currency ~ '^[A-Z]{3}$'), CONSTRAINT "spend_entries_amount_check" CHECK (amount_cents > 0), CONSTRAINT "PK_81a48447223ac928edf24db5af0" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "spend_entries_import_idx" ON "spend_entries"  ("import_id") WHERE import_id IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "spend_entries_day_idx" ON "spend_entries"  ("spent_on") `);
        await queryRunner.query(`CREATE INDEX "spend_entries_centre_day_idx" ON "spend_entries"  ("centre_id", "spent_on") `);
        await queryRunner.query(`CREATE TABLE "occupancy_snapshots" ("centre_id" uuid NOT NULL, "day" date NOT NULL, "capacity" integer NOT NULL, "occupied_bed_nights" integer NOT NULL, "admissions" integer NOT NULL, "discharges" integer NOT NULL, "taken_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "occupancy_snapshots_counts_check" CHECK (capacity >= 0 AND occupied_bed_nights >= 0 AND admissions >= 0 AND discharges >= 0), CONSTRAINT "PK_6691f24225e997a26841a7695b4" PRIMARY KEY ("centre_id", "day"))`);
        await queryRunner.query(`ALTER TABLE "budgets" ADD CONSTRAINT "budgets_centre_fk" FOREIGN KEY ("centre_id") REFERENCES "centres"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "budgets" ADD CONSTRAINT "budgets_funding_source_fk" FOREIGN KEY ("funding_source") REFERENCES "funding_sources"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "spend_entries" ADD CONSTRAINT "spend_entries_centre_fk" FOREIGN KEY ("centre_id") REFERENCES "centres"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "spend_entries" ADD CONSTRAINT "spend_entries_funding_source_fk" FOREIGN KEY ("funding_source") REFERENCES "funding_sources"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "occupancy_snapshots" ADD CONSTRAINT "occupancy_snapshots_centre_fk" FOREIGN KEY ("centre_id") REFERENCES "centres"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        // Written by hand: reports read departures by centre and time with arrival time and reason alongside.
        await queryRunner.query(`CREATE INDEX "stays_centre_checked_out_idx" ON "stays" ("centre_id", "checked_out_at") INCLUDE ("checked_in_at", "exit_reason") WHERE checked_out_at IS NOT NULL`);
        // The funding sources DOMAIN.md names; administrators add others.
        await queryRunner.query(`INSERT INTO "funding_sources" ("code", "name") VALUES ('UK', 'United Kingdom'), ('FR', 'France'), ('EU-AMIF', 'EU Asylum, Migration and Integration Fund')`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."stays_centre_checked_out_idx"`);
        await queryRunner.query(`ALTER TABLE "occupancy_snapshots" DROP CONSTRAINT "occupancy_snapshots_centre_fk"`);
        await queryRunner.query(`ALTER TABLE "spend_entries" DROP CONSTRAINT "spend_entries_funding_source_fk"`);
        await queryRunner.query(`ALTER TABLE "spend_entries" DROP CONSTRAINT "spend_entries_centre_fk"`);
        await queryRunner.query(`ALTER TABLE "budgets" DROP CONSTRAINT "budgets_funding_source_fk"`);
        await queryRunner.query(`ALTER TABLE "budgets" DROP CONSTRAINT "budgets_centre_fk"`);
        await queryRunner.query(`DROP TABLE "occupancy_snapshots"`);
        await queryRunner.query(`DROP INDEX "public"."spend_entries_centre_day_idx"`);
        await queryRunner.query(`DROP INDEX "public"."spend_entries_day_idx"`);
        await queryRunner.query(`DROP INDEX "public"."spend_entries_import_idx"`);
        await queryRunner.query(`DROP TABLE "spend_entries"`);
        await queryRunner.query(`DROP INDEX "public"."budgets_centre_year_source_key"`);
        await queryRunner.query(`DROP TABLE "budgets"`);
        await queryRunner.query(`DROP TABLE "funding_sources"`);
    }

}
