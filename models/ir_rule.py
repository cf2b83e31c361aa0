from odoo import models
from odoo.exceptions import AccessError


class IrRule(models.Model):
    _inherit = "ir.rule"

    def _make_access_error(self, operation, records):
        """Refusals about a survivor's records name nothing: in debug mode
        core lists the refused records' names (computed as superuser) and
        the rules that refused them."""
        if records._safety_holds_survivor_data():
            return AccessError(
                self.env._(
                    "You are not allowed to access this record. It may not exist, or you "
                    "may not be allowed to see it."
                )
            )
        return super()._make_access_error(operation, records)
