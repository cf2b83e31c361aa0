"""Databases installed before 19.0.2.2.0 never ran the post-init hook that
switches CRM's lead enrichment to manual: a helpline lead's e-mail must not
reach Odoo's enrichment service before anyone refers it."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.config.settings"]._safety_lead_enrichment_off()
