import type { MigrationInterface, QueryRunner } from "typeorm";

// Whether an API token was issued after a one-time code: resetting another user's second factor needs one.
export class RecordTokenSecondFactor1796610000000 implements MigrationInterface {
    name = 'RecordTokenSecondFactor1796610000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "api_tokens" ADD "second_factor" boolean NOT NULL DEFAULT false`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "api_tokens" DROP COLUMN "second_factor"`);
    }

}
