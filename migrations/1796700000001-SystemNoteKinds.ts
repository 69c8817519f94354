import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * What the code wrote as English into text columns becomes a code: the note of a case put back
 * when a check-out recorded in error is undone, and the reason of a welfare level raised by a
 * vulnerability. Pages word them in the reader's language; typed notes and reasons stay as typed.
 */
const CHECK_OUT_UNDONE_NOTE = `'Check-out recorded in error, undone'`;
const VULNERABILITY_REASON = `'vulnerability: '`;

export const BACKFILL_SYSTEM_NOTES = [
    `UPDATE case_status_changes SET note_kind = 'check_out_undone', note = NULL WHERE note = ${CHECK_OUT_UNDONE_NOTE}`,
    `UPDATE welfare_level_changes SET vulnerability_type = substr(reason, length(${VULNERABILITY_REASON}) + 1), reason = NULL
      WHERE reason ~ ('^' || ${VULNERABILITY_REASON} || '[a-z_]+$')`,
];

export class SystemNoteKinds1796700000001 implements MigrationInterface {
    name = 'SystemNoteKinds1796700000001'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "case_status_changes" ADD "note_kind" character varying(40)`);
        await queryRunner.query(`ALTER TABLE "welfare_level_changes" ADD "vulnerability_type" character varying(40)`);
        await queryRunner.query(`ALTER TABLE "welfare_level_changes" ALTER COLUMN "reason" DROP NOT NULL`);
        for (const statement of BACKFILL_SYSTEM_NOTES) await queryRunner.query(statement);
        await queryRunner.query(`ALTER TABLE "case_status_changes" ADD CONSTRAINT "case_status_changes_note_kind_check" CHECK (note_kind IS NULL OR (note_kind IN ('check_out_undone') AND note IS NULL))`);
        await queryRunner.query(`ALTER TABLE "welfare_level_changes" ADD CONSTRAINT "welfare_level_changes_reason_check" CHECK (reason IS NOT NULL OR vulnerability_type IS NOT NULL)`);
    }

    /** Back to the English the code wrote before. */
    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "welfare_level_changes" DROP CONSTRAINT "welfare_level_changes_reason_check"`);
        await queryRunner.query(`ALTER TABLE "case_status_changes" DROP CONSTRAINT "case_status_changes_note_kind_check"`);
        await queryRunner.query(`UPDATE welfare_level_changes SET reason = ${VULNERABILITY_REASON} || vulnerability_type WHERE vulnerability_type IS NOT NULL AND reason IS NULL`);
        await queryRunner.query(`UPDATE case_status_changes SET note = ${CHECK_OUT_UNDONE_NOTE} WHERE note_kind = 'check_out_undone'`);
        await queryRunner.query(`ALTER TABLE "welfare_level_changes" ALTER COLUMN "reason" SET NOT NULL`);
        await queryRunner.query(`ALTER TABLE "welfare_level_changes" DROP COLUMN "vulnerability_type"`);
        await queryRunner.query(`ALTER TABLE "case_status_changes" DROP COLUMN "note_kind"`);
    }

}
