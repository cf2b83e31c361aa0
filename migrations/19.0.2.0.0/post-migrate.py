"""Finish moving survivors out of res.partner and crm.lead (see pre-migrate).

The old survivor partners are scrubbed and archived: they were hidden from
everyone outside Safety Planning, so no other app lost a contact it could
see. Old intake leads are referred like any lead now is: their person goes
into the vault, their conversation onto a plan, and the lead is scrubbed."""

import logging

from odoo import SUPERUSER_ID, api
from odoo.exceptions import ValidationError
from odoo.tools.sql import table_columns

_logger = logging.getLogger(__name__)

PARTNER_PERSONAL_COLUMNS = (
    "email",
    "email_normalized",
    "phone",
    "phone_sanitized",
    "mobile",
    "street",
    "street2",
    "zip",
    "city",
    "website",
    "comment",
    "function",
    "vat",
    "ref",
    "company_name",
    "safety_real_address",
)
PARTNER_DROPPED_COLUMNS = (
    "is_survivor",
    "is_confidential",
    "is_acp_enrolled",
    "acp_program_id",
    "safety_real_address",
)
LEAD_DROPPED_COLUMNS = ("is_safety_intake", "safety_plan_id")


def _columns(cr, table, names):
    """Those of ``names`` the table still has."""
    existing = table_columns(cr, table)
    return [name for name in names if name in existing]


def _scrub_partners(cr):
    cr.execute(
        """
        SELECT p.id FROM res_partner p
         WHERE p.id IN (SELECT vsp_legacy_partner_id FROM safety_survivor)
            OR p.parent_id IN (SELECT vsp_legacy_partner_id FROM safety_survivor)
        """
    )
    ids = tuple(row[0] for row in cr.fetchall())
    if not ids:
        return 0
    assignments = ", ".join(
        f'"{column}" = NULL' for column in _columns(cr, "res_partner", PARTNER_PERSONAL_COLUMNS)
    )
    cr.execute(
        f"""
        UPDATE res_partner
           SET {assignments}, name = 'Archived contact', complete_name = 'Archived contact',
               state_id = NULL, active = FALSE
         WHERE id IN %s
        """,
        [ids],
    )
    # their images (stored as attachments of the partner's binary fields)
    cr.execute(
        "DELETE FROM ir_attachment WHERE res_model = 'res.partner' AND res_id IN %s "
        "AND res_field IS NOT NULL",
        [ids],
    )
    return len(ids)


def _refer_intake_leads(env):
    cr = env.cr
    if not _columns(cr, "crm_lead", ("is_safety_intake",)):
        return 0
    cr.execute("SELECT id, safety_plan_id FROM crm_lead WHERE is_safety_intake")
    rows = cr.fetchall()
    Plan = env["safety.plan"].with_context(active_test=False, tracking_disable=True)
    Lead = env["crm.lead"].with_context(active_test=False)
    manager = env.ref("base.user_admin")
    for lead_id, plan_id in rows:
        lead = Lead.browse(lead_id)
        plan = Plan.browse(plan_id).exists()
        if not plan:
            cr.execute(
                "SELECT id FROM safety_survivor WHERE vsp_legacy_partner_id = %s",
                [lead.partner_id.id or 0],
            )
            row = cr.fetchone()
            survivor = env["safety.survivor"].browse(row[0]) if row else False
            if not survivor:
                values = lead._safety_survivor_values()
                values.pop("phone", None)
                survivor = env["safety.survivor"].create(values)
            advocate = lead.user_id if lead.user_id._is_safety_member() else manager
            plan = Plan.create({"survivor_id": survivor.id, "advocate_id": advocate.id})
        lead._safety_transfer_to(plan)
        lead._safety_scrub()
    return len(rows)


def _normalise_phones(env):
    """Numbers copied from the old contacts, stored in E.164 where they can be
    read; a number that can't stays as it was, for the advocate to fix."""
    for survivor in (
        env["safety.survivor"]
        .with_context(active_test=False)
        .search([("phone", "!=", False), ("phone", "not like", "+%")])
    ):
        try:
            number = survivor._safety_phone_e164(survivor.phone)
        except ValidationError:
            continue
        survivor.write({"phone": number})


def migrate(cr, version):
    if not version:
        return
    if not _columns(cr, "safety_survivor", ("vsp_legacy_partner_id",)):
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    # plan references are transactional now: a failed save uses no number.
    # Core drops the database sequence on the switch: carry its counter over,
    # or the next plan would take SP/…/00001 again
    sequence = env.ref("victim_safety_planning.seq_safety_plan")
    if sequence.implementation == "standard":
        sequence.write({"implementation": "no_gap", "number_next": sequence.number_next_actual})
    _normalise_phones(env)
    leads = _refer_intake_leads(env)
    partners = _scrub_partners(cr)
    for column in _columns(cr, "res_partner", PARTNER_DROPPED_COLUMNS):
        cr.execute(f'ALTER TABLE res_partner DROP COLUMN "{column}" CASCADE')
    for column in _columns(cr, "crm_lead", LEAD_DROPPED_COLUMNS):
        cr.execute(f'ALTER TABLE crm_lead DROP COLUMN "{column}" CASCADE')
    cr.execute("ALTER TABLE safety_survivor DROP COLUMN vsp_legacy_partner_id")
    _logger.info(
        "Vault migration: %s intake lead(s) referred, %s old survivor contact(s) scrubbed",
        leads,
        partners,
    )
