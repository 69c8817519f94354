import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Written by hand: no entity. The audit chain's head is anchored outside the events: the worker
 * signs (HMAC-SHA256, AUDIT_ANCHOR_KEY) the seq and hash of the chain's last link every few
 * minutes and after the nightly jobs, writes the anchor here and in its log. `npm run audit:verify`
 * fails when the chain ends before the latest anchor (its newest events removed), when an anchored
 * position holds another hash, or when an anchor's signature does not verify.
 * Append-only like the chain: the owner's triggers refuse UPDATE, DELETE and TRUNCATE, and an
 * application role `escale_app`, when it exists, may only read and insert.
 */
export class AddAuditAnchors1796630000000 implements MigrationInterface {
    name = 'AddAuditAnchors1796630000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "audit_anchors" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "seq" bigint NOT NULL, "hash" character(64) NOT NULL, "anchored_at" TIMESTAMP WITH TIME ZONE NOT NULL, "signature" character(64) NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "audit_anchors_seq_check" CHECK (seq > 0), CONSTRAINT "audit_anchors_hash_check" CHECK (hash ~ '^[0-9a-f]{64}$'), CONSTRAINT "audit_anchors_signature_check" CHECK (signature ~ '^[0-9a-f]{64}$'), CONSTRAINT "audit_anchors_pkey" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "audit_anchors_seq_idx" ON "audit_anchors" ("seq")`);
        await queryRunner.query(`CREATE TRIGGER audit_anchors_no_update_delete BEFORE UPDATE OR DELETE ON "audit_anchors" FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change()`);
        await queryRunner.query(`CREATE TRIGGER audit_anchors_no_truncate BEFORE TRUNCATE ON "audit_anchors" FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change()`);
        await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "audit_anchors" FROM PUBLIC`);
        await queryRunner.query(`DO $$
            BEGIN
                IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'escale_app') THEN
                    REVOKE UPDATE, DELETE, TRUNCATE ON "audit_anchors" FROM escale_app;
                    GRANT SELECT, INSERT ON "audit_anchors" TO escale_app;
                END IF;
            END $$`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER "audit_anchors_no_truncate" ON "audit_anchors"`);
        await queryRunner.query(`DROP TRIGGER "audit_anchors_no_update_delete" ON "audit_anchors"`);
        await queryRunner.query(`DROP TABLE "audit_anchors"`);
    }

}
