import type { MigrationInterface, QueryRunner } from "typeorm";

export class AddOutcomeSnapshotsSearchIndexes1796456380685 implements MigrationInterface {
    name = 'AddOutcomeSnapshotsSearchIndexes1796456380685'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "outcome_snapshots" ("centre_id" uuid NOT NULL, "month" date NOT NULL, "measure" character varying(40) NOT NULL, "value" bigint NOT NULL, "histogram" jsonb, "taken_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "outcome_snapshots_value_check" CHECK (value >= 0), CONSTRAINT "PK_4f97b2ad9d3a8eceafe7a1322a9" PRIMARY KEY ("centre_id", "month", "measure"))`);
        await queryRunner.query(`ALTER TABLE "outcome_snapshots" ADD CONSTRAINT "outcome_snapshots_centre_fk" FOREIGN KEY ("centre_id") REFERENCES "centres"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`CREATE INDEX "referral_transitions_outcome_idx" ON "referral_transitions" ("to_status", "at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."referral_transitions_outcome_idx"`);
        await queryRunner.query(`ALTER TABLE "outcome_snapshots" DROP CONSTRAINT "outcome_snapshots_centre_fk"`);
        await queryRunner.query(`DROP TABLE "outcome_snapshots"`);
    }

}
