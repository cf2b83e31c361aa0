from odoo import models


class IrQwebFieldContact(models.AbstractModel):
    _inherit = "ir.qweb.field.contact"

    def value_to_html(self, value, options):
        # the widget reads the partner as superuser: print nothing of a
        # survivor (name, address, phone, email) for users outside the groups
        if value and not self.env.user._is_safety_member():
            # sudo: the flag is hidden from the non-member who renders
            if value.sudo()._safety_confidential_records():
                return self.env._("Confidential")
        return super().value_to_html(value, options)
