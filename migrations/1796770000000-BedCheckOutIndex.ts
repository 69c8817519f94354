import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * A bed is free for an arrival only if no check-out was recorded on it after the arrival's time (a
 * check-out may be recorded late). Bed allocation asks this of every free bed of the centre; through
 * the exclusion constraint's index it read every stay each bed ever had (about 430 a bed after five
 * years, 58 ms for one check-in at 918k stays). Ordered by check-out, the answer is one probe a bed.
 */
export class BedCheckOutIndex1796770000000 implements MigrationInterface {
    name = 'BedCheckOutIndex1796770000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "stays_bed_checked_out_idx" ON "stays" ("bed_id", "checked_out_at") WHERE checked_out_at IS NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."stays_bed_checked_out_idx"`);
    }
}
