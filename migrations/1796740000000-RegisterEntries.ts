import type { MigrationInterface, QueryRunner } from "typeorm";

const HAND_OVERS_BEFORE = `SELECT centre_id, handed_over_at, coalesce(handed_over_language, language) AS language, translation_reviewed,
                   coalesce(interpreter_mode IN ('present', 'phone'), interpreter_used, false) AS with_interpreter, interpreter_mode = 'phone' AS by_phone
              FROM notices WHERE audience = 'person' AND handed_over_at IS NOT NULL`;

/**
 * The register of CESEDA L744-2, as dated entries per stay:
 * - `notice_hand_overs` also names the notice, its stay and type, and how an interpreter helped;
 * - `register_asylum_claims`: when each asylum referral was submitted (the claim), per case;
 * - `register_entries`: one row per fact the law puts in the register (placement or arrival by
 *   transfer with the authority then given, each judge's extension or refusal, the rights
 *   notified, the asylum claim, the judge's hearings, orders to leave France and their appeals,
 *   the departure by transfer or exit). A new kind of entry is one more UNION ALL branch of this view.
 */
export class RegisterEntries1796740000000 implements MigrationInterface {
    name = 'RegisterEntries1796740000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE OR REPLACE VIEW "notice_hand_overs" AS
            SELECT centre_id, handed_over_at, coalesce(handed_over_language, language) AS language, translation_reviewed,
                   coalesce(interpreter_mode IN ('present', 'phone'), interpreter_used, false) AS with_interpreter, interpreter_mode = 'phone' AS by_phone,
                   id AS notice_id, stay_id, type, interpreter_mode
              FROM notices WHERE audience = 'person' AND handed_over_at IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "notices_stay_type_idx" ON "notices" ("stay_id", "type") WHERE stay_id IS NOT NULL`);
        await queryRunner.query(`CREATE VIEW "register_asylum_claims" AS
            SELECT r.id AS referral_id, r.case_id, min(t.at) AS claimed_at
              FROM referrals r JOIN referral_transitions t ON t.referral_id = r.id AND t.to_status = 'submitted'
             WHERE r.kind = 'asylum'
             GROUP BY r.id, r.case_id`);
        await queryRunner.query(`CREATE VIEW "register_entries" AS
            SELECT s.id AS stay_id, s.centre_id, s.person_id, s.checked_in_at AS at,
                   CASE WHEN s.transferred_from_id IS NULL THEN 'placement' ELSE 'transfer_in' END::varchar(40) AS kind,
                   jsonb_strip_nulls(jsonb_build_object(
                     'authorisedUntil', coalesce((SELECT e.previous_authorised_until FROM stay_extensions e WHERE e.stay_id = s.id ORDER BY e.sequence_index LIMIT 1), s.authorised_until),
                     'legalLimitAt', s.legal_limit_at, 'fromCentreId', f.centre_id, 'fromCentre', fc.name)) AS detail
              FROM stays s LEFT JOIN stays f ON f.id = s.transferred_from_id LEFT JOIN centres fc ON fc.id = f.centre_id
            UNION ALL
            SELECT s.id, s.centre_id, s.person_id, e.decided_at, 'extension',
                   jsonb_build_object('days', e.days, 'decidedBy', e.decided_by, 'authorisedUntil', e.authorised_until, 'sequence', e.sequence_index + 1)
              FROM stay_extensions e JOIN stays s ON s.id = e.stay_id
            UNION ALL
            SELECT s.id, s.centre_id, s.person_id, x.decided_at, 'extension_refused', jsonb_build_object('decidedBy', x.decided_by, 'releasedAt', x.released_at)
              FROM extension_refusals x JOIN stays s ON s.id = x.stay_id
            UNION ALL
            SELECT s.id, s.centre_id, s.person_id, s.rights_notified_at, 'rights_notified',
                   jsonb_strip_nulls(jsonb_build_object('language', h.language, 'interpreter', h.interpreter_mode, 'withInterpreter', h.with_interpreter, 'noticeId', h.notice_id))
              FROM stays s
              LEFT JOIN LATERAL (SELECT * FROM notice_hand_overs n WHERE n.stay_id = s.id AND n.type = 'rights_on_arrival' ORDER BY n.handed_over_at LIMIT 1) h ON true
             WHERE s.rights_notified_at IS NOT NULL AND s.rights_notified_at >= s.checked_in_at
            UNION ALL
            SELECT s.id, s.centre_id, s.person_id, c.claimed_at, 'asylum_claim', jsonb_build_object('referralId', c.referral_id)
              FROM register_asylum_claims c
              JOIN stays s ON s.case_id = c.case_id AND c.claimed_at >= s.checked_in_at AND (s.checked_out_at IS NULL OR c.claimed_at < s.checked_out_at)
            UNION ALL
            SELECT s.id, s.centre_id, s.person_id, s.checked_out_at, CASE WHEN s.exit_reason = 'transferred' THEN 'transfer_out' ELSE 'exit' END,
                   jsonb_strip_nulls(jsonb_build_object('reason', s.exit_reason, 'destination', s.destination, 'toCentreId', n.centre_id, 'toCentre', nc.name))
              FROM stays s LEFT JOIN stays n ON n.transferred_from_id = s.id LEFT JOIN centres nc ON nc.id = n.centre_id
             WHERE s.checked_out_at IS NOT NULL
            UNION ALL
            SELECT s.id, s.centre_id, s.person_id, h.scheduled_at, 'hearing',
                   jsonb_strip_nulls(jsonb_build_object('hearingId', h.id, 'court', h.court, 'purpose', h.purpose, 'outcome', h.outcome, 'decidedAt', h.decided_at))
              FROM hearings h JOIN stays s ON s.id = h.stay_id
            UNION ALL
            SELECT s.id, s.centre_id, s.person_id, o.notified_at, 'removal_order',
                   jsonb_strip_nulls(jsonb_build_object('orderId', o.id, 'orderKind', o.kind, 'issuedBy', o.issued_by, 'appealDeadlineAt', o.appeal_deadline_at))
              FROM removal_orders o JOIN stays s ON s.id = o.stay_id
            UNION ALL
            SELECT s.id, s.centre_id, s.person_id, o.appeal_lodged_at, 'removal_order_appeal',
                   jsonb_strip_nulls(jsonb_build_object('orderId', o.id, 'court', o.appeal_court, 'inTime', o.appeal_lodged_at <= o.appeal_deadline_at, 'decision', o.decision, 'decidedAt', o.decided_at))
              FROM removal_orders o JOIN stays s ON s.id = o.stay_id
             WHERE o.appeal_lodged_at IS NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP VIEW "register_entries"`);
        await queryRunner.query(`DROP VIEW "register_asylum_claims"`);
        await queryRunner.query(`DROP INDEX "public"."notices_stay_type_idx"`);
        // A view loses columns only by being made again.
        await queryRunner.query(`DROP VIEW "notice_hand_overs"`);
        await queryRunner.query(`CREATE VIEW "notice_hand_overs" AS ${HAND_OVERS_BEFORE}`);
    }
}
