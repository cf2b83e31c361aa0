from odoo import api, models

ADVOCATE_GROUP = "victim_safety_planning.group_safety_advocate"


class ResUsers(models.Model):
    _inherit = "res.users"

    def _is_safety_member(self):
        """Whether this user belongs to a Safety Planning group. Works under
        sudo() too: it asks about the user, not about the environment."""
        self.ensure_one()
        return self.has_group(ADVOCATE_GROUP)

    @api.model
    def _safety_members_domain(self, xmlid=ADVOCATE_GROUP):
        """Users of a Safety Planning group (the advocates' by default), for
        searches and the domains of fields choosing them. The group's id
        comes from a cached lookup: this runs on every read of such a field."""
        return [("all_group_ids", "in", [self.env["ir.model.data"]._xmlid_to_res_id(xmlid)])]

    @api.model
    def _safety_member_partner_ids(self, partner_ids):
        """Keep only the partners of internal users who are safety members:
        nobody else may follow, be notified about or be invited to a survivor's
        records."""
        if not partner_ids:
            return []
        # sudo: the caller may be a member who cannot read other users; we only
        # read group membership of the given partners' users, nothing else
        members = (
            self.sudo()
            .with_context(active_test=True)
            .search([("partner_id", "in", list(partner_ids)), *self._safety_members_domain()])
        )
        allowed = set(members.partner_id.ids)
        return [pid for pid in partner_ids if pid in allowed]
