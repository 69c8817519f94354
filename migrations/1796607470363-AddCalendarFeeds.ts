import type { MigrationInterface, QueryRunner } from "typeorm";

// Personal calendar feeds of the agenda: one per user, addressed by a secret token of which only
// the SHA-256 is kept. Removing a user removes their feed.
export class AddCalendarFeeds1796607470363 implements MigrationInterface {
    name = 'AddCalendarFeeds1796607470363'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "calendar_feeds" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_045067d8bb57f971f3c5426ea71" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "calendar_feeds_user_key" ON "calendar_feeds"  ("user_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "calendar_feeds_token_hash_key" ON "calendar_feeds"  ("token_hash") `);
        await queryRunner.query(`ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "calendar_feeds" DROP CONSTRAINT "calendar_feeds_user_fk"`);
        await queryRunner.query(`DROP INDEX "public"."calendar_feeds_token_hash_key"`);
        await queryRunner.query(`DROP INDEX "public"."calendar_feeds_user_key"`);
        await queryRunner.query(`DROP TABLE "calendar_feeds"`);
    }

}
