import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Correcting stays: bed moves within a centre (bed_moves keeps the beds left; a stay is on its
 * current bed from bed_since), and when a check-out was recorded, so a mistaken one can be undone.
 * Written by hand (TypeORM does not see an exclusion constraint change): the bed's no-overlap
 * constraint counts a stay on its current bed from bed_since, falling back to the check-in.
 */
export class CorrectStays1796650000000 implements MigrationInterface {
    name = 'CorrectStays1796650000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "bed_moves" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "stay_id" uuid NOT NULL, "from_bed_id" uuid NOT NULL, "from_unit_id" uuid NOT NULL, "to_bed_id" uuid NOT NULL, "to_unit_id" uuid NOT NULL, "on_from_bed_since" TIMESTAMP WITH TIME ZONE NOT NULL, "moved_at" TIMESTAMP WITH TIME ZONE NOT NULL, "moved_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_581c8995cc1bc51aa79bff87ede" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "bed_moves_from_bed_idx" ON "bed_moves"  ("from_bed_id", "moved_at") `);
        await queryRunner.query(`CREATE INDEX "bed_moves_stay_idx" ON "bed_moves"  ("stay_id", "moved_at") `);
        await queryRunner.query(`ALTER TABLE "stays" ADD "check_out_recorded_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "stays" ADD "bed_since" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "stays" ADD CONSTRAINT "stays_bed_since_check" CHECK (bed_since IS NULL OR (bed_since >= checked_in_at AND (checked_out_at IS NULL OR bed_since <= checked_out_at)))`);
        await queryRunner.query(`ALTER TABLE "stays" DROP CONSTRAINT "stays_bed_no_overlap"`);
        await queryRunner.query(`ALTER TABLE "stays" ADD CONSTRAINT "stays_bed_no_overlap" EXCLUDE USING gist ("bed_id" WITH =, tstzrange(COALESCE("bed_since", "checked_in_at"), "checked_out_at", '[)') WITH &&)`);
        await queryRunner.query(`ALTER TABLE "bed_moves" ADD CONSTRAINT "bed_moves_order_check" CHECK (moved_at >= on_from_bed_since AND from_bed_id <> to_bed_id)`);
        await queryRunner.query(`ALTER TABLE "bed_moves" ADD CONSTRAINT "bed_moves_stay_fk" FOREIGN KEY ("stay_id") REFERENCES "stays"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "bed_moves" ADD CONSTRAINT "bed_moves_from_bed_fk" FOREIGN KEY ("from_bed_id") REFERENCES "beds"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "bed_moves" ADD CONSTRAINT "bed_moves_from_unit_fk" FOREIGN KEY ("from_unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "bed_moves" ADD CONSTRAINT "bed_moves_to_bed_fk" FOREIGN KEY ("to_bed_id") REFERENCES "beds"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "bed_moves" ADD CONSTRAINT "bed_moves_to_unit_fk" FOREIGN KEY ("to_unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "bed_moves" DROP CONSTRAINT "bed_moves_to_unit_fk"`);
        await queryRunner.query(`ALTER TABLE "bed_moves" DROP CONSTRAINT "bed_moves_to_bed_fk"`);
        await queryRunner.query(`ALTER TABLE "bed_moves" DROP CONSTRAINT "bed_moves_from_unit_fk"`);
        await queryRunner.query(`ALTER TABLE "bed_moves" DROP CONSTRAINT "bed_moves_from_bed_fk"`);
        await queryRunner.query(`ALTER TABLE "bed_moves" DROP CONSTRAINT "bed_moves_stay_fk"`);
        await queryRunner.query(`ALTER TABLE "stays" DROP CONSTRAINT "stays_bed_no_overlap"`);
        await queryRunner.query(`ALTER TABLE "stays" ADD CONSTRAINT "stays_bed_no_overlap" EXCLUDE USING gist ("bed_id" WITH =, tstzrange("checked_in_at", "checked_out_at", '[)') WITH &&)`);
        await queryRunner.query(`ALTER TABLE "stays" DROP CONSTRAINT "stays_bed_since_check"`);
        await queryRunner.query(`ALTER TABLE "stays" DROP COLUMN "bed_since"`);
        await queryRunner.query(`ALTER TABLE "stays" DROP COLUMN "check_out_recorded_at"`);
        await queryRunner.query(`DROP INDEX "public"."bed_moves_stay_idx"`);
        await queryRunner.query(`DROP INDEX "public"."bed_moves_from_bed_idx"`);
        await queryRunner.query(`ALTER TABLE "bed_moves" DROP CONSTRAINT "bed_moves_order_check"`);
        await queryRunner.query(`DROP TABLE "bed_moves"`);
    }

}
