"""Survivors move from res.partner into the vault (safety.survivor).

Before 19.0.2.0.0 a survivor was a res.partner row hidden by record rules.
Those rules go with this version, so every survivor row must leave
res.partner before the new code runs: otherwise the upgrade itself would
show survivors' names and addresses to every user. This script copies them
into safety_survivor and repoints plans and chatter; the post-migration
scrubs the old rows and refers the old intake leads."""

import logging

from odoo.tools.sql import column_exists

_logger = logging.getLogger(__name__)

OLD_RULES = (
    "res_partner_rule_safety_confidential",
    "crm_lead_rule_safety_confidential",
    "crm_activity_report_rule_safety_confidential",
    "crm_lead_rule_safety_intake",
)


def migrate(cr, version):
    if not version:
        return
    # rules filtering on fields that no longer exist: they would break every
    # read of partners and leads (noupdate records are not removed by an update)
    cr.execute(
        """
        DELETE FROM ir_rule WHERE id IN (
            SELECT res_id FROM ir_model_data
             WHERE module = 'victim_safety_planning' AND model = 'ir.rule' AND name IN %s)
        """,
        [OLD_RULES],
    )
    cr.execute(
        """
        DELETE FROM ir_model_data
         WHERE module = 'victim_safety_planning' AND model = 'ir.rule' AND name IN %s
        """,
        [OLD_RULES],
    )
    if not column_exists(cr, "res_partner", "is_survivor"):
        return
    cr.execute(
        """
        CREATE TABLE IF NOT EXISTS safety_survivor (
            id SERIAL PRIMARY KEY,
            name VARCHAR NOT NULL,
            email VARCHAR, phone VARCHAR,
            street VARCHAR, street2 VARCHAR, zip VARCHAR, city VARCHAR,
            state_id INTEGER, country_id INTEGER, lang VARCHAR,
            company_id INTEGER NOT NULL,
            active BOOLEAN,
            is_acp_enrolled BOOLEAN, acp_program_id INTEGER,
            registered_by_id INTEGER,
            create_uid INTEGER, create_date TIMESTAMP,
            write_uid INTEGER, write_date TIMESTAMP,
            vsp_legacy_partner_id INTEGER
        )
        """
    )
    cr.execute(
        """
        INSERT INTO safety_survivor (
            name, email, phone, street, street2, zip, city, state_id, country_id,
            lang, company_id, active, is_acp_enrolled, acp_program_id,
            registered_by_id, create_uid, create_date, write_uid, write_date,
            vsp_legacy_partner_id)
        SELECT p.name, p.email, p.phone, p.street, p.street2, p.zip, p.city,
               p.state_id, p.country_id, p.lang,
               COALESCE(p.company_id, (SELECT min(id) FROM res_company)),
               p.active, p.is_acp_enrolled, p.acp_program_id,
               p.create_uid, p.create_uid, p.create_date, p.write_uid, p.write_date, p.id
          FROM res_partner p
         WHERE p.is_survivor
           AND NOT EXISTS (SELECT 1 FROM safety_survivor s WHERE s.vsp_legacy_partner_id = p.id)
        """
    )
    moved = cr.rowcount
    # an enrolled survivor's partner showed the program's substitute address;
    # the real one was kept as text
    cr.execute(
        """
        UPDATE safety_survivor s
           SET street = p.safety_real_address, street2 = NULL, zip = NULL, city = NULL,
               state_id = NULL
          FROM res_partner p
         WHERE p.id = s.vsp_legacy_partner_id AND p.is_acp_enrolled
           AND p.safety_real_address IS NOT NULL
        """
    )
    cr.execute("ALTER TABLE safety_plan DROP CONSTRAINT IF EXISTS safety_plan_survivor_id_fkey")
    cr.execute(
        """
        UPDATE safety_plan p SET survivor_id = s.id
          FROM safety_survivor s WHERE s.vsp_legacy_partner_id = p.survivor_id
        """
    )
    # the survivor's chatter, followers and documents follow them
    cr.execute(
        """
        UPDATE mail_message m SET model = 'safety.survivor', res_id = s.id
          FROM safety_survivor s
         WHERE m.model = 'res.partner' AND m.res_id = s.vsp_legacy_partner_id
        """
    )
    cr.execute(
        """
        UPDATE mail_followers f SET res_model = 'safety.survivor', res_id = s.id
          FROM safety_survivor s
         WHERE f.res_model = 'res.partner' AND f.res_id = s.vsp_legacy_partner_id
        """
    )
    cr.execute(
        """
        UPDATE ir_attachment a SET res_model = 'safety.survivor', res_id = s.id
          FROM safety_survivor s
         WHERE a.res_model = 'res.partner' AND a.res_id = s.vsp_legacy_partner_id
           AND a.res_field IS NULL
        """
    )
    # external ids (demo data, imports) follow the survivor too
    cr.execute(
        """
        UPDATE ir_model_data d SET model = 'safety.survivor', res_id = s.id
          FROM safety_survivor s
         WHERE d.model = 'res.partner' AND d.res_id = s.vsp_legacy_partner_id
        """
    )
    cr.execute(
        """
        DELETE FROM mail_activity a USING safety_survivor s
         WHERE a.res_model = 'res.partner' AND a.res_id = s.vsp_legacy_partner_id
        """
    )
    _logger.info("%s survivor(s) moved from res.partner into safety.survivor", moved)
