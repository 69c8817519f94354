import type { MigrationInterface, QueryRunner } from "typeorm";

export class IndexIdentifierNumbers1796680000001 implements MigrationInterface {
    name = 'IndexIdentifierNumbers1796680000001'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "person_identifiers_normalised_idx" ON "person_identifiers"  ("normalised") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."person_identifiers_normalised_idx"`);
    }

}
