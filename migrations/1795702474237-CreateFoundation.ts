import { type MigrationInterface, type QueryRunner } from "typeorm";

export class CreateFoundation1795702474237 implements MigrationInterface {
    name = 'CreateFoundation1795702474237'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);
        await queryRunner.query(`CREATE TABLE "outbox_messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "queue" character varying(64) NOT NULL, "job_name" character varying(64) NOT NULL, "payload" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "available_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "enqueued_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT '0', "last_error" text, CONSTRAINT "PK_0171348f527c64b137e4d4f5b66" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "outbox_messages_unfinished_idx" ON "outbox_messages"  ("enqueued_at") WHERE completed_at IS NULL`);
        await queryRunner.query(`CREATE INDEX "outbox_messages_pending_idx" ON "outbox_messages"  ("available_at") WHERE enqueued_at IS NULL`);
        await queryRunner.query(`CREATE TABLE "audit_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_id" uuid, "action" character varying(64) NOT NULL, "entity_type" character varying(64) NOT NULL, "entity_id" uuid, "centre_id" uuid, "outcome" character varying(16) NOT NULL, "origin" character varying(128), "request_id" character varying(64), CONSTRAINT "audit_events_outcome_check" CHECK (outcome IN ('success', 'denied', 'failure')), CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "audit_events_at_idx" ON "audit_events"  ("at") `);
        await queryRunner.query(`CREATE INDEX "audit_events_actor_idx" ON "audit_events"  ("actor_id", "at") `);
        await queryRunner.query(`CREATE INDEX "audit_events_entity_idx" ON "audit_events"  ("entity_id", "at") `);
        await queryRunner.query(`CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(254) NOT NULL, "name" character varying(200) NOT NULL, "role" character varying(16) NOT NULL, "password_hash" text NOT NULL, "centre_ids" uuid array NOT NULL DEFAULT '{}', "locale" character varying(2), "disabled_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "users_email_lower_check" CHECK (email = lower(email)), CONSTRAINT "users_role_check" CHECK (role IN ('admin', 'staff', 'caseworker', 'funder', 'auditor')), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "users_email_key" ON "users"  ("email") `);
        await queryRunner.query(`CREATE TABLE "api_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_c587455266b5fa8dace7194caac" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "api_tokens_user_idx" ON "api_tokens"  ("user_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "api_tokens_hash_key" ON "api_tokens"  ("token_hash") `);
        await queryRunner.query(`CREATE TABLE "sessions" ("sid" character varying NOT NULL, "sess" json NOT NULL, "expire" TIMESTAMP(6) NOT NULL, CONSTRAINT "PK_e2d6172ca19b8ebef797c362b05" PRIMARY KEY ("sid"))`);
        await queryRunner.query(`CREATE INDEX "sessions_expire_idx" ON "sessions"  ("expire") `);
        await queryRunner.query(`CREATE TABLE "inbox_messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "kind" character varying(64) NOT NULL, "params" jsonb NOT NULL DEFAULT '{}', "dedupe_key" character varying(128) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "read_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_f12cf14472c0a9d19bb57cc8478" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "inbox_messages_user_idx" ON "inbox_messages"  ("user_id", "created_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "inbox_messages_dedupe_key" ON "inbox_messages"  ("dedupe_key") `);
        await queryRunner.query(`ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "inbox_messages" ADD CONSTRAINT "inbox_messages_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        // The audit trail is append-only: the database itself refuses to change or remove an event.
        await queryRunner.query(`CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
            END $$`);
        await queryRunner.query(`CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON "audit_events" FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change()`);
        await queryRunner.query(`CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON "audit_events" FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER "audit_events_no_truncate" ON "audit_events"`);
        await queryRunner.query(`DROP TRIGGER "audit_events_no_update_delete" ON "audit_events"`);
        await queryRunner.query(`DROP FUNCTION audit_events_refuse_change()`);
        await queryRunner.query(`ALTER TABLE "inbox_messages" DROP CONSTRAINT "inbox_messages_user_fk"`);
        await queryRunner.query(`ALTER TABLE "api_tokens" DROP CONSTRAINT "api_tokens_user_fk"`);
        await queryRunner.query(`DROP INDEX "public"."inbox_messages_dedupe_key"`);
        await queryRunner.query(`DROP INDEX "public"."inbox_messages_user_idx"`);
        await queryRunner.query(`DROP TABLE "inbox_messages"`);
        await queryRunner.query(`DROP INDEX "public"."sessions_expire_idx"`);
        await queryRunner.query(`DROP TABLE "sessions"`);
        await queryRunner.query(`DROP INDEX "public"."api_tokens_hash_key"`);
        await queryRunner.query(`DROP INDEX "public"."api_tokens_user_idx"`);
        await queryRunner.query(`DROP TABLE "api_tokens"`);
        await queryRunner.query(`DROP INDEX "public"."users_email_key"`);
        await queryRunner.query(`DROP TABLE "users"`);
        await queryRunner.query(`DROP INDEX "public"."audit_events_entity_idx"`);
        await queryRunner.query(`DROP INDEX "public"."audit_events_actor_idx"`);
        await queryRunner.query(`DROP INDEX "public"."audit_events_at_idx"`);
        await queryRunner.query(`DROP TABLE "audit_events"`);
        await queryRunner.query(`DROP INDEX "public"."outbox_messages_pending_idx"`);
        await queryRunner.query(`DROP INDEX "public"."outbox_messages_unfinished_idx"`);
        await queryRunner.query(`DROP TABLE "outbox_messages"`);
    }

}
