import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The Dublin procedure in stages: the request to the other state, its acceptance (explicit or
 * implicit), the transfer; abscondment and an appeal against the transfer decision on the
 * referral; the kind of each decision on its step; the GUDA, OFPRA and CNDA dates on the
 * referral. The single `dublin_transfer` status becomes `dublin_transferred`, in the referrals,
 * their steps and the counted outcomes. Written by hand: the data steps rename what exists.
 */
const STATUSES = `'draft', 'submitted', 'registered', 'lodged', 'interview_scheduled', 'decided_granted', 'decided_refused', 'appeal_lodged', 'appeal_granted', 'appeal_refused', 'dublin_requested', 'dublin_accepted', 'dublin_transferred', 'withdrawn'`;
const OLD_STATUSES = `'draft', 'submitted', 'registered', 'lodged', 'interview_scheduled', 'decided_granted', 'decided_refused', 'appeal_lodged', 'appeal_granted', 'appeal_refused', 'dublin_transfer', 'withdrawn'`;

export class DublinStages1796720000000 implements MigrationInterface {
    name = 'DublinStages1796720000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."referrals_one_open_per_case_key"`);
        await queryRunner.query(`ALTER TABLE "referrals" DROP CONSTRAINT "referrals_status_check"`);
        await queryRunner.query(`UPDATE "referrals" SET "status" = 'dublin_transferred' WHERE "status" = 'dublin_transfer'`);
        await queryRunner.query(`UPDATE "referral_transitions" SET "to_status" = 'dublin_transferred' WHERE "to_status" = 'dublin_transfer'`);
        await queryRunner.query(`UPDATE "referral_transitions" SET "from_status" = 'dublin_transferred' WHERE "from_status" = 'dublin_transfer'`);
        await queryRunner.query(`UPDATE "outcome_snapshots" SET "measure" = 'referral:dublin_transferred' WHERE "measure" = 'referral:dublin_transfer'`);
        await queryRunner.query(`ALTER TABLE "referrals" ADD "dublin_basis" character varying(16)`);
        await queryRunner.query(`ALTER TABLE "referrals" ADD "absconded_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "referrals" ADD "transfer_appeal_lodged_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "referrals" ADD "transfer_appeal_decided_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "referrals" ADD "transfer_appeal_outcome" character varying(16)`);
        await queryRunner.query(`ALTER TABLE "referrals" ADD "guda_appointment_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "referrals" ADD "ofpra_interview_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "referrals" ADD "cnda_hearing_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "referral_transitions" ADD "decision" character varying(32)`);
        await queryRunner.query(`ALTER TABLE "referral_transitions" ADD "implicit" boolean NOT NULL DEFAULT false`);
        await queryRunner.query(`ALTER TABLE "referrals" ADD CONSTRAINT "referrals_status_check" CHECK (status IN (${STATUSES}))`);
        await queryRunner.query(`ALTER TABLE "referrals" ADD CONSTRAINT "referrals_dublin_basis_check" CHECK (dublin_basis IS NULL OR dublin_basis IN ('take_charge', 'eurodac_hit'))`);
        await queryRunner.query(`ALTER TABLE "referrals" ADD CONSTRAINT "referrals_dublin_requested_basis_check" CHECK (status <> 'dublin_requested' OR dublin_basis IS NOT NULL)`);
        await queryRunner.query(`ALTER TABLE "referrals" ADD CONSTRAINT "referrals_transfer_appeal_outcome_check" CHECK (transfer_appeal_outcome IS NULL OR transfer_appeal_outcome IN ('rejected', 'allowed'))`);
        await queryRunner.query(`ALTER TABLE "referrals" ADD CONSTRAINT "referrals_transfer_appeal_check" CHECK ((transfer_appeal_decided_at IS NULL) = (transfer_appeal_outcome IS NULL) AND (transfer_appeal_decided_at IS NULL OR (transfer_appeal_lodged_at IS NOT NULL AND transfer_appeal_decided_at >= transfer_appeal_lodged_at)))`);
        await queryRunner.query(`ALTER TABLE "referral_transitions" ADD CONSTRAINT "referral_transitions_decision_check" CHECK (decision IS NULL OR (to_status IN ('decided_granted', 'appeal_granted') AND decision IN ('refugee_status', 'subsidiary_protection')) OR (to_status IN ('decided_refused', 'appeal_refused') AND decision IN ('refusal', 'inadmissible')))`);
        await queryRunner.query(`ALTER TABLE "referral_transitions" ADD CONSTRAINT "referral_transitions_implicit_check" CHECK (NOT implicit OR by_user_id IS NULL)`);
        await queryRunner.query(`CREATE UNIQUE INDEX "referrals_one_open_per_case_key" ON "referrals" ("case_id", "kind") WHERE status NOT IN ('decided_granted', 'appeal_granted', 'appeal_refused', 'dublin_transferred', 'withdrawn')`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."referrals_one_open_per_case_key"`);
        await queryRunner.query(`ALTER TABLE "referral_transitions" DROP CONSTRAINT "referral_transitions_implicit_check"`);
        await queryRunner.query(`ALTER TABLE "referral_transitions" DROP CONSTRAINT "referral_transitions_decision_check"`);
        await queryRunner.query(`ALTER TABLE "referrals" DROP CONSTRAINT "referrals_transfer_appeal_check"`);
        await queryRunner.query(`ALTER TABLE "referrals" DROP CONSTRAINT "referrals_transfer_appeal_outcome_check"`);
        await queryRunner.query(`ALTER TABLE "referrals" DROP CONSTRAINT "referrals_dublin_requested_basis_check"`);
        await queryRunner.query(`ALTER TABLE "referrals" DROP CONSTRAINT "referrals_dublin_basis_check"`);
        await queryRunner.query(`ALTER TABLE "referrals" DROP CONSTRAINT "referrals_status_check"`);
        await queryRunner.query(`ALTER TABLE "referral_transitions" DROP COLUMN "implicit"`);
        await queryRunner.query(`ALTER TABLE "referral_transitions" DROP COLUMN "decision"`);
        for (const column of ['cnda_hearing_at', 'ofpra_interview_at', 'guda_appointment_at', 'transfer_appeal_outcome', 'transfer_appeal_decided_at', 'transfer_appeal_lodged_at', 'absconded_at', 'dublin_basis']) {
            await queryRunner.query(`ALTER TABLE "referrals" DROP COLUMN "${column}"`);
        }
        // The stages before the transfer had no status of their own: a referral in one goes back to registered.
        await queryRunner.query(`UPDATE "referrals" SET "status" = 'registered' WHERE "status" IN ('dublin_requested', 'dublin_accepted')`);
        await queryRunner.query(`UPDATE "referrals" SET "status" = 'dublin_transfer' WHERE "status" = 'dublin_transferred'`);
        await queryRunner.query(`UPDATE "referral_transitions" SET "to_status" = 'dublin_transfer' WHERE "to_status" = 'dublin_transferred'`);
        await queryRunner.query(`UPDATE "referral_transitions" SET "from_status" = 'dublin_transfer' WHERE "from_status" = 'dublin_transferred'`);
        await queryRunner.query(`UPDATE "outcome_snapshots" SET "measure" = 'referral:dublin_transfer' WHERE "measure" = 'referral:dublin_transferred'`);
        await queryRunner.query(`ALTER TABLE "referrals" ADD CONSTRAINT "referrals_status_check" CHECK (status IN (${OLD_STATUSES}))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "referrals_one_open_per_case_key" ON "referrals" ("case_id", "kind") WHERE status NOT IN ('decided_granted', 'appeal_granted', 'appeal_refused', 'dublin_transfer', 'withdrawn')`);
    }
}
