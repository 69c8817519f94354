import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Tasks and inbox messages store codes, not English sentences: a task keeps a `kind` and the
 * `params` its words are made from, and only a title a caseworker typed; an alert's inbox message
 * keeps the alert's kind (and centre) rather than the subject rendered when it was sent. Written
 * by hand: the data steps read back what the code wrote until now.
 */

/** The titles the code gave the tasks it raised, as they were written. */
const DEADLINE_TITLES = `(VALUES
    ('registration', 'Make sure the person is registered at the single desk (GUDA)'),
    ('lodging', 'Lodge the asylum application with OFPRA'),
    ('ofpra_decision', 'Follow up the OFPRA decision due for a person held'),
    ('appeal', 'Lodge the appeal with the CNDA'),
    ('appeal_decision', 'Follow up the CNDA decision'),
    ('dublin_transfer', 'Follow the Dublin transfer deadline')) AS d(kind, title)`;
const WELFARE_CONCERN_TITLE = `'Follow up a concern raised in a welfare check'`;
const AGE_ASSESSMENT_TITLE = `'Arrange an age assessment: the person says they are a minor'`;
const VULNERABILITY_TITLE = `'Review a vulnerability identified: '`;
const interpreterTitle = (subject: string) => `'Give the notice "' || ${subject} || '" through an interpreter'`;

/** The subjects of the person notices, by type and language, for tasks whose notice is gone. */
const PERSON_NOTICE_SUBJECTS = `(VALUES
    ('rights_on_arrival', 'en', 'Your rights in this centre'),
    ('rights_on_arrival', 'fr', 'Vos droits dans ce centre'),
    ('asylum_claim_reminder', 'en', 'Reminder: the time to ask for asylum is ending'),
    ('asylum_claim_reminder', 'fr', 'Rappel : le délai pour demander l’asile se termine'),
    ('referral_decision', 'en', 'The decision on your asylum application'),
    ('referral_decision', 'fr', 'La décision sur votre demande d’asile'),
    ('transfer', 'en', 'You are being moved to another centre'),
    ('transfer', 'fr', 'Vous êtes transféré·e dans un autre centre'),
    ('release', 'en', 'You are leaving the centre'),
    ('release', 'fr', 'Vous quittez le centre')) AS s(type, language, subject)`;

/** The subjects of the staff notices, for inbox messages whose notice is gone. */
const STAFF_NOTICE_SUBJECTS = `(VALUES
    ('age_disputed', 'en', 'URGENT: a person who says they are a minor has arrived'),
    ('age_disputed', 'fr', 'URGENT : une personne qui se dit mineure est arrivée'),
    ('alert_escalated', 'en', 'ESCALATED: an urgent alert has not been acknowledged'),
    ('alert_escalated', 'fr', 'ESCALADE : une alerte urgente n’a pas été prise en compte'),
    ('authority_expired', 'en', 'URGENT: person held without authority'),
    ('authority_expired', 'fr', 'URGENT : personne retenue sans titre'),
    ('authority_expiring', 'en', 'Holding authority ends within 24 hours'),
    ('authority_expiring', 'fr', 'Le titre de rétention expire dans moins de 24 heures'),
    ('caseworker_daily_digest', 'en', 'Your day in Escale'),
    ('caseworker_daily_digest', 'fr', 'Votre journée dans Escale'),
    ('legal_limit_passed', 'en', 'URGENT: a stay has passed its legal limit'),
    ('legal_limit_passed', 'fr', 'URGENT : un séjour a dépassé sa durée légale'),
    ('medical_report_unanswered', 'en', 'Medical report without a reply'),
    ('medical_report_unanswered', 'fr', 'Rapport médical sans réponse'),
    ('minor_in_removal_centre', 'en', 'URGENT: a minor is held in a removal centre'),
    ('minor_in_removal_centre', 'fr', 'URGENT : un mineur est placé en centre de rétention'),
    ('monthly_report_ready', 'en', 'The monthly funder report is ready'),
    ('monthly_report_ready', 'fr', 'Le rapport mensuel pour les financeurs est prêt'),
    ('referral_deadline_approaching', 'en', 'Asylum deadline approaching'),
    ('referral_deadline_approaching', 'fr', 'Échéance d’asile proche'),
    ('welfare_check_overdue', 'en', 'Welfare check overdue'),
    ('welfare_check_overdue', 'fr', 'Contrôle de bien-être en retard')) AS s(type, language, subject)`;

/**
 * Each task's kind and params, read back from its source and title. An interpreter task knows its
 * notice: the person notice of its case whose subject its title gives, made closest to it (else,
 * the notice gone, the type and language its subject names). A title in no form the code wrote
 * is kept as it stands, as a typed one.
 */
export const BACKFILL_TASK_KINDS = [
    `UPDATE tasks SET kind = 'manual' WHERE source = 'manual'`,
    `UPDATE tasks SET kind = 'welfare_concern', title = NULL WHERE source = 'welfare_concern' AND title = ${WELFARE_CONCERN_TITLE}`,
    `UPDATE tasks SET kind = 'age_assessment', title = NULL WHERE source = 'age_assessment' AND title = ${AGE_ASSESSMENT_TITLE}`,
    `UPDATE tasks SET kind = 'vulnerability_review', params = jsonb_build_object('vulnerabilityType', substr(title, length(${VULNERABILITY_TITLE}) + 1)), title = NULL
      WHERE source = 'vulnerability' AND title ~ ('^' || ${VULNERABILITY_TITLE} || '[a-z_]+$')`,
    `UPDATE tasks t SET kind = 'deadline', params = jsonb_build_object('deadlineKind', d.kind), title = NULL FROM ${DEADLINE_TITLES} WHERE t.source = 'deadline' AND t.title = d.title`,
    `UPDATE tasks t SET kind = 'interpreter_notice', title = NULL,
            params = jsonb_build_object('noticeType', m.type, 'language', m.language) || CASE WHEN m.notice_id IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('noticeId', m.notice_id) END
       FROM (SELECT k.id, found.notice_id, coalesce(found.type, s.type) AS type, coalesce(found.language, s.language) AS language
               FROM tasks k
               LEFT JOIN (SELECT DISTINCT ON (k.id) k.id AS task_id, n.id AS notice_id, n.type, n.language
                            FROM tasks k JOIN stays st ON st.case_id = k.case_id JOIN notices n ON n.stay_id = st.id
                           WHERE k.source = 'interpreter' AND n.audience = 'person' AND k.title = ${interpreterTitle('n.subject')}
                           ORDER BY k.id, abs(extract(epoch FROM n.created_at - k.created_at)), n.id) found ON found.task_id = k.id
               LEFT JOIN ${PERSON_NOTICE_SUBJECTS} ON k.title = ${interpreterTitle('s.subject')}
              WHERE k.source = 'interpreter') m
      WHERE t.id = m.id AND m.type IS NOT NULL`,
    `UPDATE tasks SET kind = 'manual' WHERE kind IS NULL`,
];

/** An alert's inbox message keeps the kind of its notice (and the notice's centre), found by their shared key. */
export const BACKFILL_INBOX_ALERTS = [
    `UPDATE inbox_messages m SET params = jsonb_build_object('alertKind', n.type) || CASE WHEN c.name IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('centreName', c.name) END
       FROM notices n LEFT JOIN centres c ON c.id = n.centre_id
      WHERE m.kind = 'inbox.alert' AND n.dedupe_key = m.dedupe_key`,
    `UPDATE inbox_messages m SET params = jsonb_build_object('alertKind', s.type) FROM ${STAFF_NOTICE_SUBJECTS} WHERE m.kind = 'inbox.alert' AND m.params->>'subject' = s.subject`,
    `UPDATE inbox_messages SET params = '{}' WHERE kind = 'inbox.alert' AND params ? 'subject'`,
];

export class TaskKinds1796700000000 implements MigrationInterface {
    name = 'TaskKinds1796700000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "tasks" ADD "kind" character varying(40)`);
        await queryRunner.query(`ALTER TABLE "tasks" ADD "params" jsonb NOT NULL DEFAULT '{}'`);
        await queryRunner.query(`ALTER TABLE "tasks" ALTER COLUMN "title" DROP NOT NULL`);
        for (const statement of [...BACKFILL_TASK_KINDS, ...BACKFILL_INBOX_ALERTS]) await queryRunner.query(statement);
        await queryRunner.query(`ALTER TABLE "tasks" ALTER COLUMN "kind" SET NOT NULL`);
        await queryRunner.query(`ALTER TABLE "tasks" ADD CONSTRAINT "tasks_kind_check" CHECK (kind IN ('manual', 'interpreter_notice', 'deadline', 'age_assessment', 'welfare_concern', 'vulnerability_review'))`);
        await queryRunner.query(`ALTER TABLE "tasks" ADD CONSTRAINT "tasks_title_check" CHECK ((kind = 'manual') = (title IS NOT NULL))`);
    }

    /** Back to English sentences: the titles and subjects the code wrote before. */
    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "tasks" DROP CONSTRAINT "tasks_title_check"`);
        await queryRunner.query(`ALTER TABLE "tasks" DROP CONSTRAINT "tasks_kind_check"`);
        await queryRunner.query(`UPDATE tasks SET title = ${WELFARE_CONCERN_TITLE} WHERE kind = 'welfare_concern'`);
        await queryRunner.query(`UPDATE tasks SET title = ${AGE_ASSESSMENT_TITLE} WHERE kind = 'age_assessment'`);
        await queryRunner.query(`UPDATE tasks SET title = ${VULNERABILITY_TITLE} || (params->>'vulnerabilityType') WHERE kind = 'vulnerability_review'`);
        await queryRunner.query(`UPDATE tasks t SET title = d.title FROM ${DEADLINE_TITLES} WHERE t.kind = 'deadline' AND t.params->>'deadlineKind' = d.kind`);
        await queryRunner.query(
            `UPDATE tasks t SET title = ${interpreterTitle(`coalesce((SELECT n.subject FROM notices n WHERE n.id = (t.params->>'noticeId')::uuid),
                                                                  (SELECT s.subject FROM ${PERSON_NOTICE_SUBJECTS} WHERE s.type = t.params->>'noticeType' AND s.language = t.params->>'language'),
                                                                  t.params->>'noticeType')`)}
              WHERE t.kind = 'interpreter_notice'`,
        );
        await queryRunner.query(
            `UPDATE inbox_messages m SET params = jsonb_build_object('subject', coalesce((SELECT n.subject FROM notices n WHERE n.dedupe_key = m.dedupe_key), s.subject))
               FROM ${STAFF_NOTICE_SUBJECTS} WHERE m.kind = 'inbox.alert' AND s.language = 'en' AND s.type = m.params->>'alertKind'`,
        );
        await queryRunner.query(`ALTER TABLE "tasks" ALTER COLUMN "title" SET NOT NULL`);
        await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "params"`);
        await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "kind"`);
    }

}
