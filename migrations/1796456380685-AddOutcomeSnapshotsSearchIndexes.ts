import type { MigrationInterface, QueryRunner } from "typeorm";

export class AddOutcomeSnapshotsSearchIndexes1796456380685 implements MigrationInterface {
    name = 'AddOutcomeSnapshotsSearchIndexes1796456380685'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "outcome_snapshots" ("centre_id" uuid NOT NULL, "month" date NOT NULL, "measure" character varying(40) NOT NULL, "value" bigint NOT NULL, "histogram" jsonb, "taken_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "outcome_snapshots_value_check" CHECK (value >= 0), CONSTRAINT "PK_4f97b2ad9d3a8eceafe7a1322a9" PRIMARY KEY ("centre_id", "month", "measure"))`);
        await queryRunner.query(`ALTER TABLE "outcome_snapshots" ADD CONSTRAINT "outcome_snapshots_centre_fk" FOREIGN KEY ("centre_id") REFERENCES "centres"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`CREATE INDEX "referral_transitions_outcome_idx" ON "referral_transitions" ("to_status", "at") `);
        // Person search: the nearest spellings first (GiST trigrams), the people whose names sound
        // alike (every consonant skeleton typed among theirs); possible duplicates born the same
        // day. A 256-byte signature
        // (12 by default) lets the GiST index rule out most of its pages for a name nobody has.
        await queryRunner.query(`CREATE INDEX "people_search_text_gist" ON "people" USING gist ("search_text" gist_trgm_ops(siglen=256))`);
        await queryRunner.query(`CREATE INDEX "people_skeleton_words_idx" ON "people" USING gin (string_to_array("search_skeleton", ' '))`);
        await queryRunner.query(`CREATE INDEX "people_date_of_birth_idx" ON "people" ("date_of_birth") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."people_date_of_birth_idx"`);
        await queryRunner.query(`DROP INDEX "public"."people_skeleton_words_idx"`);
        await queryRunner.query(`DROP INDEX "public"."people_search_text_gist"`);
        await queryRunner.query(`DROP INDEX "public"."referral_transitions_outcome_idx"`);
        await queryRunner.query(`ALTER TABLE "outcome_snapshots" DROP CONSTRAINT "outcome_snapshots_centre_fk"`);
        await queryRunner.query(`DROP TABLE "outcome_snapshots"`);
    }

}
