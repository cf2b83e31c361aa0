from odoo import models


class ResGroups(models.Model):
    _inherit = "res.groups"

    def write(self, vals):
        """Users added to or removed from a Safety Planning group from the
        group's side (or through a group implying one, as Settings implies
        the managers'): the same as from the user's side."""
        if not ({"user_ids", "implied_ids"} & vals.keys()):
            return super().write(vals)
        Users = self.env["res.users"]
        safety_ids = Users._safety_group_ids()
        # sudo: which groups imply which, and who holds them, whoever writes
        groups = self.sudo()
        if "implied_ids" not in vals and not (
            safety_ids & set((groups | groups.all_implied_ids).ids)
        ):
            return super().write(vals)
        holders = (
            Users.sudo()
            .with_context(active_test=False)
            .search([("all_group_ids", "in", list(safety_ids))])
        )
        before = {user: user._safety_group_snapshot() for user in holders}
        result = super().write(vals)
        groups.invalidate_recordset()
        affected = holders | groups.with_context(active_test=False).all_user_ids
        after = {user: user._safety_group_snapshot() for user in affected}
        for user in affected - holders:
            before[user] = frozenset()
        affected._safety_membership_changed(before, after)
        return result
