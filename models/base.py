from odoo import models


class Base(models.AbstractModel):
    _inherit = "base"

    def _safety_holds_survivor_data(self):
        """Whether any record of ``self`` is, or is attached to, a record
        holding survivor data (an attachment or a message of a plan)."""
        confidential = self.env["safety.confidential.mixin"]._safety_confidential_model_names()
        if self._name in confidential:
            return True
        link = {"ir.attachment": "res_model", "mail.message": "model"}.get(self._name)
        # sudo: only the model the records belong to is read
        return bool(link) and any(
            model in confidential for model in self.sudo().exists().mapped(link)
        )
