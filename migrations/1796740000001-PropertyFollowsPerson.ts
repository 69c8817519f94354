import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Deposited property follows the person and is handed back against a signature:
 * - `property_transfers`: a transfer's hand-over of the unreturned items from one stay to the next,
 *   with its receipt number, who handed over and when; `property_transfer_items` names the items;
 * - `property_returns`: a return against a receipt signed by the person or a named representative
 *   (possible after the stay closed); returned items point at it;
 * - a returned item always says who returned it.
 */
export class PropertyFollowsPerson1796740000001 implements MigrationInterface {
    name = 'PropertyFollowsPerson1796740000001'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "property_transfers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "from_stay_id" uuid NOT NULL, "to_stay_id" uuid NOT NULL, "receipt_number" character varying(40) NOT NULL, "handed_over_at" TIMESTAMP WITH TIME ZONE NOT NULL, "handed_over_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "property_transfers_stays_check" CHECK (from_stay_id <> to_stay_id), CONSTRAINT "PK_property_transfers" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "property_transfers_receipt_key" ON "property_transfers" ("receipt_number")`);
        await queryRunner.query(`CREATE INDEX "property_transfers_from_idx" ON "property_transfers" ("from_stay_id")`);
        await queryRunner.query(`CREATE INDEX "property_transfers_to_idx" ON "property_transfers" ("to_stay_id")`);
        await queryRunner.query(`ALTER TABLE "property_transfers" ADD CONSTRAINT "property_transfers_from_stay_fk" FOREIGN KEY ("from_stay_id") REFERENCES "stays"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "property_transfers" ADD CONSTRAINT "property_transfers_to_stay_fk" FOREIGN KEY ("to_stay_id") REFERENCES "stays"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);

        await queryRunner.query(`CREATE TABLE "property_transfer_items" ("transfer_id" uuid NOT NULL, "item_id" uuid NOT NULL, CONSTRAINT "PK_property_transfer_items" PRIMARY KEY ("transfer_id", "item_id"))`);
        await queryRunner.query(`CREATE INDEX "property_transfer_items_item_idx" ON "property_transfer_items" ("item_id")`);
        await queryRunner.query(`ALTER TABLE "property_transfer_items" ADD CONSTRAINT "property_transfer_items_transfer_fk" FOREIGN KEY ("transfer_id") REFERENCES "property_transfers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "property_transfer_items" ADD CONSTRAINT "property_transfer_items_item_fk" FOREIGN KEY ("item_id") REFERENCES "property_items"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);

        await queryRunner.query(`CREATE TABLE "property_returns" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "stay_id" uuid NOT NULL, "receipt_number" character varying(40) NOT NULL, "returned_at" TIMESTAMP WITH TIME ZONE NOT NULL, "returned_by" uuid NOT NULL, "signed_by" character varying(16) NOT NULL, "representative_name" character varying(200), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "property_returns_signed_by_check" CHECK (signed_by IN ('person', 'representative')), CONSTRAINT "property_returns_representative_check" CHECK ((signed_by = 'representative') = (representative_name IS NOT NULL)), CONSTRAINT "PK_property_returns" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "property_returns_receipt_key" ON "property_returns" ("receipt_number")`);
        await queryRunner.query(`CREATE INDEX "property_returns_stay_idx" ON "property_returns" ("stay_id")`);
        await queryRunner.query(`ALTER TABLE "property_returns" ADD CONSTRAINT "property_returns_stay_fk" FOREIGN KEY ("stay_id") REFERENCES "stays"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);

        await queryRunner.query(`ALTER TABLE "property_items" ADD "return_id" uuid`);
        await queryRunner.query(`CREATE INDEX "property_items_return_idx" ON "property_items" ("return_id") WHERE return_id IS NOT NULL`);
        await queryRunner.query(`ALTER TABLE "property_items" ADD CONSTRAINT "property_items_return_fk" FOREIGN KEY ("return_id") REFERENCES "property_returns"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        // Property still owed to people who left, per centre.
        await queryRunner.query(`CREATE INDEX "property_items_held_idx" ON "property_items" ("stay_id") WHERE returned_at IS NULL`);
        await queryRunner.query(`ALTER TABLE "property_items" ADD CONSTRAINT "property_items_returned_check" CHECK ((returned_at IS NULL) = (returned_by IS NULL))`);
        await queryRunner.query(`ALTER TABLE "property_items" ADD CONSTRAINT "property_items_return_check" CHECK (return_id IS NULL OR returned_at IS NOT NULL)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "property_items" DROP CONSTRAINT "property_items_return_check"`);
        await queryRunner.query(`ALTER TABLE "property_items" DROP CONSTRAINT "property_items_returned_check"`);
        await queryRunner.query(`DROP INDEX "public"."property_items_held_idx"`);
        await queryRunner.query(`ALTER TABLE "property_items" DROP CONSTRAINT "property_items_return_fk"`);
        await queryRunner.query(`DROP INDEX "public"."property_items_return_idx"`);
        await queryRunner.query(`ALTER TABLE "property_items" DROP COLUMN "return_id"`);
        await queryRunner.query(`DROP TABLE "property_returns"`);
        await queryRunner.query(`DROP TABLE "property_transfer_items"`);
        await queryRunner.query(`DROP TABLE "property_transfers"`);
    }
}
