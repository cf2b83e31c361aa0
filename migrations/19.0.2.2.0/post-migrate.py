"""Advocates no longer imply "Contact Creation" (base.group_partner_manager),
which gave every advocate full rights on bank accounts and the partner merge
(19.0.2.2.0): an access right on contacts gives them what their screens need.
The group's implied_ids are written with (4, ...) in the data file, which
never removes a link an older version made: remove it here. Users who were
given "Contact Creation" explicitly keep it."""

from odoo import SUPERUSER_ID, Command, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    advocate = env.ref("victim_safety_planning.group_safety_advocate", raise_if_not_found=False)
    partner_manager = env.ref("base.group_partner_manager", raise_if_not_found=False)
    if advocate and partner_manager and partner_manager in advocate.implied_ids:
        advocate.write({"implied_ids": [Command.unlink(partner_manager.id)]})
