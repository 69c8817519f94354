import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * A person's record can be corrected: aliases carry their source (the names recorded so far came
 * from no stated source: `other`), identity documents and file numbers are recorded once per kind
 * and country, a correction keeps the values it changed, and a duplicate record is merged into
 * the person it duplicates (`merged_into`).
 */
export class CorrectPersonRecords1796640000000 implements MigrationInterface {
    name = 'CorrectPersonRecords1796640000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "person_aliases" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "source" character varying(16) NOT NULL, "recorded_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "person_aliases_source_check" CHECK (source IN ('self_declared', 'document', 'police', 'eurodac', 'other')), CONSTRAINT "PK_f56f9e38460ae823c5bb37fb637" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "person_aliases_person_name_key" ON "person_aliases"  ("person_id", "name") `);
        await queryRunner.query(`CREATE TABLE "person_changes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "action" character varying(64) NOT NULL, "audit_event_id" uuid, "changes" jsonb NOT NULL, "changed_by" uuid, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6ac7ae5638af180790584a2cd66" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "person_changes_person_idx" ON "person_changes"  ("person_id", "at") `);
        await queryRunner.query(`CREATE TABLE "person_identifiers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "value" character varying(64) NOT NULL, "normalised" character varying(64) NOT NULL, "issuing_country" character(3), "recorded_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "person_identifiers_country_check" CHECK (issuing_country IS NULL OR issuing_country ~ '^[A-Z]{3}$'), CONSTRAINT "person_identifiers_normalised_check" CHECK (normalised ~ '^[A-Z0-9]+$'), CONSTRAINT "person_identifiers_kind_check" CHECK (kind IN ('passport', 'national_id', 'eurodac', 'agdref', 'police_ref', 'other')), CONSTRAINT "PK_be64c323ee4d71d03d979e26b73" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "person_identifiers_person_idx" ON "person_identifiers"  ("person_id") `);
        await queryRunner.query(`ALTER TABLE "people" ADD "merged_into" uuid`);
        await queryRunner.query(`ALTER TABLE "people" ADD CONSTRAINT "people_merged_into_check" CHECK (merged_into <> id)`);
        await queryRunner.query(`CREATE UNIQUE INDEX "person_identifiers_value_key" ON "person_identifiers" ("kind", coalesce("issuing_country", ''), "normalised")`);
        await queryRunner.query(`ALTER TABLE "people" ADD CONSTRAINT "people_merged_into_fk" FOREIGN KEY ("merged_into") REFERENCES "people"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`INSERT INTO "person_aliases" ("person_id", "name", "source", "created_at")
            SELECT DISTINCT ON (p.id, a.name) p.id, a.name, 'other', p.created_at FROM "people" p CROSS JOIN LATERAL unnest(p.aliases) AS a(name) WHERE a.name <> ''`);
        await queryRunner.query(`ALTER TABLE "person_aliases" ADD CONSTRAINT "person_aliases_person_fk" FOREIGN KEY ("person_id") REFERENCES "people"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "person_changes" ADD CONSTRAINT "person_changes_person_fk" FOREIGN KEY ("person_id") REFERENCES "people"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "person_identifiers" ADD CONSTRAINT "person_identifiers_person_fk" FOREIGN KEY ("person_id") REFERENCES "people"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "person_identifiers" DROP CONSTRAINT "person_identifiers_person_fk"`);
        await queryRunner.query(`ALTER TABLE "person_changes" DROP CONSTRAINT "person_changes_person_fk"`);
        await queryRunner.query(`ALTER TABLE "person_aliases" DROP CONSTRAINT "person_aliases_person_fk"`);
        await queryRunner.query(`ALTER TABLE "people" DROP CONSTRAINT "people_merged_into_fk"`);
        await queryRunner.query(`ALTER TABLE "people" DROP CONSTRAINT "people_merged_into_check"`);
        await queryRunner.query(`DROP INDEX "public"."person_identifiers_value_key"`);
        await queryRunner.query(`ALTER TABLE "people" DROP COLUMN "merged_into"`);
        await queryRunner.query(`DROP INDEX "public"."person_identifiers_person_idx"`);
        await queryRunner.query(`DROP TABLE "person_identifiers"`);
        await queryRunner.query(`DROP INDEX "public"."person_changes_person_idx"`);
        await queryRunner.query(`DROP TABLE "person_changes"`);
        await queryRunner.query(`DROP INDEX "public"."person_aliases_person_name_key"`);
        await queryRunner.query(`DROP TABLE "person_aliases"`);
    }

}
