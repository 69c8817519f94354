import type { MigrationInterface, QueryRunner } from "typeorm";

export class AddTwoFactorSignIn1795711194361 implements MigrationInterface {
    name = 'AddTwoFactorSignIn1795711194361'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "users" ADD "totp_secret" text`);
        await queryRunner.query(`ALTER TABLE "users" ADD "totp_enabled_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "users" ADD "totp_last_step" bigint`);
        await queryRunner.query(`ALTER TABLE "users" ADD "recovery_code_hashes" text array NOT NULL DEFAULT '{}'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "recovery_code_hashes"`);
        await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "totp_last_step"`);
        await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "totp_enabled_at"`);
        await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "totp_secret"`);
    }

}
