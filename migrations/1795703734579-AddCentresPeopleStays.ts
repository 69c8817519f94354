import type { MigrationInterface, QueryRunner } from "typeorm";

export class AddCentresPeopleStays1795703734579 implements MigrationInterface {
    name = 'AddCentresPeopleStays1795703734579'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // btree_gist lets the stays' exclusion constraints mix = on ids with && on time ranges;
        // pg_trgm gives the fuzzy name search its indexes.
        await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
        await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
        await queryRunner.query(`CREATE SEQUENCE property_receipt_seq`);
        await queryRunner.query(`CREATE TABLE "cases" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "centre_id" uuid NOT NULL, "status" character varying(32) NOT NULL, "caseworker_id" uuid, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "cases_status_check" CHECK (status IN ('open', 'asylum_in_progress', 'protection_granted', 'removal_pending', 'dublin_transfer_pending', 'released', 'closed')), CONSTRAINT "PK_264acb3048c240fb89aa34626db" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "cases_centre_status_idx" ON "cases"  ("centre_id", "status") `);
        await queryRunner.query(`CREATE INDEX "cases_person_idx" ON "cases"  ("person_id") `);
        await queryRunner.query(`CREATE TABLE "case_status_changes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL, "from_status" character varying(32), "to_status" character varying(32) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "by_user_id" uuid, "note" text, CONSTRAINT "PK_4602a931e9f2eb847bfc17023ee" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "case_status_changes_case_idx" ON "case_status_changes"  ("case_id", "at") `);
        await queryRunner.query(`CREATE TABLE "centres" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(16) NOT NULL, "name" character varying(200) NOT NULL, "kind" character varying(16) NOT NULL, "max_stay_days" integer NOT NULL, "initial_authorisation_days" integer NOT NULL DEFAULT '4', "timezone" character varying(64) NOT NULL DEFAULT 'Europe/Paris', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "centres_initial_authorisation_check" CHECK (initial_authorisation_days BETWEEN 1 AND 90), CONSTRAINT "centres_max_stay_check" CHECK (max_stay_days BETWEEN 1 AND 365), CONSTRAINT "centres_kind_check" CHECK (kind IN ('reception', 'removal')), CONSTRAINT "PK_0220a98077fab39bf8142b59b37" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "centres_code_key" ON "centres"  ("code") `);
        await queryRunner.query(`CREATE TABLE "units" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "centre_id" uuid NOT NULL, "name" character varying(100) NOT NULL, "housing" character varying(16) NOT NULL, CONSTRAINT "units_housing_check" CHECK (housing IN ('men', 'women', 'families', 'mixed')), CONSTRAINT "PK_5a8f2f064919b587d93936cb223" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "units_centre_name_key" ON "units"  ("centre_id", "name") `);
        await queryRunner.query(`CREATE TABLE "beds" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "unit_id" uuid NOT NULL, "centre_id" uuid NOT NULL, "label" character varying(32) NOT NULL, "position" integer NOT NULL, "in_service" boolean NOT NULL DEFAULT true, "occupied" boolean NOT NULL DEFAULT false, CONSTRAINT "beds_occupied_in_service_check" CHECK (in_service OR NOT occupied), CONSTRAINT "PK_2212ae7113d85a70dc65983e742" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "beds_free_idx" ON "beds"  ("centre_id", "unit_id", "position") WHERE in_service AND NOT occupied`);
        await queryRunner.query(`CREATE UNIQUE INDEX "beds_unit_label_key" ON "beds"  ("unit_id", "label") `);
        await queryRunner.query(`CREATE TABLE "people" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "family_name" character varying(200) NOT NULL, "given_names" character varying(200) NOT NULL, "aliases" character varying(200) array NOT NULL DEFAULT '{}', "date_of_birth" date NOT NULL, "dob_estimated" boolean NOT NULL DEFAULT false, "age_disputed" boolean NOT NULL DEFAULT false, "sex" character varying(8) NOT NULL, "nationalities" character(3) array NOT NULL DEFAULT '{}', "languages" character varying(3) array NOT NULL DEFAULT '{}', "interpreter_needed" boolean NOT NULL DEFAULT false, "search_text" text NOT NULL, "search_skeleton" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "people_sex_check" CHECK (sex IN ('male', 'female', 'other', 'unknown')), CONSTRAINT "PK_aa866e71353ee94c6cc51059c5b" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "households" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "label" character varying(200), "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2b1aef2640717132e9231aac756" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "person_centres" ("person_id" uuid NOT NULL, "centre_id" uuid NOT NULL, "first_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0be2b40a7024143a17ef687386b" PRIMARY KEY ("person_id", "centre_id"))`);
        await queryRunner.query(`CREATE INDEX "person_centres_centre_idx" ON "person_centres"  ("centre_id", "person_id") `);
        await queryRunner.query(`CREATE TABLE "interceptions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "location" character varying(200) NOT NULL, "agency" character varying(200) NOT NULL, "group_size" integer NOT NULL, "recorded_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "interceptions_group_size_check" CHECK (group_size BETWEEN 1 AND 500), CONSTRAINT "PK_f1cf822c75c432c5f582fbfde50" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "stays" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "centre_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "bed_id" uuid NOT NULL, "case_id" uuid NOT NULL, "household_id" uuid, "interception_id" uuid, "checked_in_at" TIMESTAMP WITH TIME ZONE NOT NULL, "checked_out_at" TIMESTAMP WITH TIME ZONE, "exit_reason" character varying(40), "destination" character varying(200), "legal_limit_at" TIMESTAMP WITH TIME ZONE NOT NULL, "authorised_until" TIMESTAMP WITH TIME ZONE, "age_assessment_required" boolean NOT NULL DEFAULT false, "welfare_level" character varying(16) NOT NULL DEFAULT 'standard', "next_welfare_check_due" TIMESTAMP WITH TIME ZONE NOT NULL, "transferred_from_id" uuid, "checked_in_by" uuid, "checked_out_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "stays_welfare_level_check" CHECK (welfare_level IN ('standard', 'heightened', 'constant')), CONSTRAINT "stays_exit_reason_check" CHECK (exit_reason IS NULL OR exit_reason IN ('transferred', 'removed', 'dublin_transfer', 'released_by_court', 'released_at_legal_limit', 'moved_to_asylum_accommodation', 'absconded', 'hospitalised', 'deceased', 'other')), CONSTRAINT "stays_exit_check" CHECK ((checked_out_at IS NULL) = (exit_reason IS NULL)), CONSTRAINT "stays_times_check" CHECK (checked_out_at IS NULL OR checked_out_at >= checked_in_at), CONSTRAINT "stays_person_no_overlap" EXCLUDE USING gist ("person_id" WITH =, tstzrange("checked_in_at", "checked_out_at", '[)') WITH &&), CONSTRAINT "stays_bed_no_overlap" EXCLUDE USING gist ("bed_id" WITH =, tstzrange("checked_in_at", "checked_out_at", '[)') WITH &&), CONSTRAINT "PK_55e31a0cae0fd6ab1a9f3c6b593" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "stays_case_idx" ON "stays"  ("case_id") `);
        await queryRunner.query(`CREATE INDEX "stays_household_open_idx" ON "stays"  ("household_id", "centre_id") WHERE checked_out_at IS NULL`);
        await queryRunner.query(`CREATE INDEX "stays_person_idx" ON "stays"  ("person_id", "checked_in_at") `);
        await queryRunner.query(`CREATE INDEX "stays_centre_checked_in_idx" ON "stays"  ("centre_id", "checked_in_at") `);
        await queryRunner.query(`CREATE INDEX "stays_centre_open_idx" ON "stays"  ("centre_id", "checked_in_at") WHERE checked_out_at IS NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "stays_open_person_key" ON "stays"  ("person_id") WHERE checked_out_at IS NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "stays_open_bed_key" ON "stays"  ("bed_id") WHERE checked_out_at IS NULL`);
        await queryRunner.query(`CREATE TABLE "property_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "stay_id" uuid NOT NULL, "kind" character varying(8) NOT NULL, "description" character varying(300) NOT NULL, "quantity" integer NOT NULL DEFAULT '1', "amount_cents" bigint, "currency" character(3), "receipt_number" character varying(40) NOT NULL, "deposited_at" TIMESTAMP WITH TIME ZONE NOT NULL, "deposited_by" uuid, "returned_at" TIMESTAMP WITH TIME ZONE, "returned_by" uuid, CONSTRAINT "property_items_quantity_check" CHECK (quantity >= 1), CONSTRAINT "property_items_amount_check" CHECK (amount_cents IS NULL OR amount_cents > 0), CONSTRAINT "property_items_cash_check" CHECK ((kind = 'cash') = (amount_cents IS NOT NULL AND currency IS NOT NULL)), CONSTRAINT "property_items_kind_check" CHECK (kind IN ('item', 'cash')), CONSTRAINT "PK_bb6c9214629716a67d416b4c602" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "property_items_receipt_idx" ON "property_items"  ("receipt_number") `);
        await queryRunner.query(`CREATE INDEX "property_items_stay_idx" ON "property_items"  ("stay_id") `);
        await queryRunner.query(`ALTER TABLE "case_status_changes" ADD CONSTRAINT "case_status_changes_case_fk" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "units" ADD CONSTRAINT "units_centre_fk" FOREIGN KEY ("centre_id") REFERENCES "centres"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "beds" ADD CONSTRAINT "beds_unit_fk" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "beds" ADD CONSTRAINT "beds_centre_fk" FOREIGN KEY ("centre_id") REFERENCES "centres"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "person_centres" ADD CONSTRAINT "person_centres_person_fk" FOREIGN KEY ("person_id") REFERENCES "people"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "stays" ADD CONSTRAINT "stays_person_fk" FOREIGN KEY ("person_id") REFERENCES "people"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "stays" ADD CONSTRAINT "stays_centre_fk" FOREIGN KEY ("centre_id") REFERENCES "centres"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "stays" ADD CONSTRAINT "stays_unit_fk" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "stays" ADD CONSTRAINT "stays_bed_fk" FOREIGN KEY ("bed_id") REFERENCES "beds"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "stays" ADD CONSTRAINT "stays_case_fk" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "stays" ADD CONSTRAINT "stays_household_fk" FOREIGN KEY ("household_id") REFERENCES "households"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "stays" ADD CONSTRAINT "stays_interception_fk" FOREIGN KEY ("interception_id") REFERENCES "interceptions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "stays" ADD CONSTRAINT "stays_transferred_from_fk" FOREIGN KEY ("transferred_from_id") REFERENCES "stays"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "property_items" ADD CONSTRAINT "property_items_stay_fk" FOREIGN KEY ("stay_id") REFERENCES "stays"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`CREATE INDEX "people_search_text_trgm" ON "people" USING gin ("search_text" gin_trgm_ops)`);
        await queryRunner.query(`CREATE INDEX "people_search_skeleton_trgm" ON "people" USING gin ("search_skeleton" gin_trgm_ops)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."people_search_skeleton_trgm"`);
        await queryRunner.query(`DROP INDEX "public"."people_search_text_trgm"`);
        await queryRunner.query(`ALTER TABLE "property_items" DROP CONSTRAINT "property_items_stay_fk"`);
        await queryRunner.query(`ALTER TABLE "stays" DROP CONSTRAINT "stays_transferred_from_fk"`);
        await queryRunner.query(`ALTER TABLE "stays" DROP CONSTRAINT "stays_interception_fk"`);
        await queryRunner.query(`ALTER TABLE "stays" DROP CONSTRAINT "stays_household_fk"`);
        await queryRunner.query(`ALTER TABLE "stays" DROP CONSTRAINT "stays_case_fk"`);
        await queryRunner.query(`ALTER TABLE "stays" DROP CONSTRAINT "stays_bed_fk"`);
        await queryRunner.query(`ALTER TABLE "stays" DROP CONSTRAINT "stays_unit_fk"`);
        await queryRunner.query(`ALTER TABLE "stays" DROP CONSTRAINT "stays_centre_fk"`);
        await queryRunner.query(`ALTER TABLE "stays" DROP CONSTRAINT "stays_person_fk"`);
        await queryRunner.query(`ALTER TABLE "person_centres" DROP CONSTRAINT "person_centres_person_fk"`);
        await queryRunner.query(`ALTER TABLE "beds" DROP CONSTRAINT "beds_centre_fk"`);
        await queryRunner.query(`ALTER TABLE "beds" DROP CONSTRAINT "beds_unit_fk"`);
        await queryRunner.query(`ALTER TABLE "units" DROP CONSTRAINT "units_centre_fk"`);
        await queryRunner.query(`ALTER TABLE "case_status_changes" DROP CONSTRAINT "case_status_changes_case_fk"`);
        await queryRunner.query(`DROP INDEX "public"."property_items_stay_idx"`);
        await queryRunner.query(`DROP INDEX "public"."property_items_receipt_idx"`);
        await queryRunner.query(`DROP TABLE "property_items"`);
        await queryRunner.query(`DROP INDEX "public"."stays_open_bed_key"`);
        await queryRunner.query(`DROP INDEX "public"."stays_open_person_key"`);
        await queryRunner.query(`DROP INDEX "public"."stays_centre_open_idx"`);
        await queryRunner.query(`DROP INDEX "public"."stays_centre_checked_in_idx"`);
        await queryRunner.query(`DROP INDEX "public"."stays_person_idx"`);
        await queryRunner.query(`DROP INDEX "public"."stays_household_open_idx"`);
        await queryRunner.query(`DROP INDEX "public"."stays_case_idx"`);
        await queryRunner.query(`DROP TABLE "stays"`);
        await queryRunner.query(`DROP TABLE "interceptions"`);
        await queryRunner.query(`DROP INDEX "public"."person_centres_centre_idx"`);
        await queryRunner.query(`DROP TABLE "person_centres"`);
        await queryRunner.query(`DROP TABLE "households"`);
        await queryRunner.query(`DROP TABLE "people"`);
        await queryRunner.query(`DROP INDEX "public"."beds_unit_label_key"`);
        await queryRunner.query(`DROP INDEX "public"."beds_free_idx"`);
        await queryRunner.query(`DROP TABLE "beds"`);
        await queryRunner.query(`DROP INDEX "public"."units_centre_name_key"`);
        await queryRunner.query(`DROP TABLE "units"`);
        await queryRunner.query(`DROP INDEX "public"."centres_code_key"`);
        await queryRunner.query(`DROP TABLE "centres"`);
        await queryRunner.query(`DROP INDEX "public"."case_status_changes_case_idx"`);
        await queryRunner.query(`DROP TABLE "case_status_changes"`);
        await queryRunner.query(`DROP INDEX "public"."cases_person_idx"`);
        await queryRunner.query(`DROP INDEX "public"."cases_centre_status_idx"`);
        await queryRunner.query(`DROP TABLE "cases"`);
        await queryRunner.query(`DROP SEQUENCE property_receipt_seq`);
    }

}
