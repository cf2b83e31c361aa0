from odoo import api, models
from odoo.exceptions import ValidationError


class MailActivity(models.Model):
    _inherit = "mail.activity"

    @api.constrains("res_model", "res_id", "user_id")
    def _check_safety_assignee(self):
        """Activities on a survivor's records go to safety members only: an
        assignee can read the activity, its summary, note and record name."""
        for activity in self:
            if not activity.user_id or not activity.res_model or not activity.res_id:
                continue
            if activity.res_model not in self._safety_confidential_model_names():
                continue
            model = self.env[activity.res_model]
            # sudo: the assignee's groups and the record's flag are read only to
            # decide whether the assignment is allowed
            record = model.sudo().browse(activity.res_id).exists()
            if not record or not record._safety_confidential_records():
                continue
            if not activity.user_id._is_safety_member():
                raise ValidationError(
                    self.env._(
                        "“%(user)s” is not a Safety Planning user and cannot be assigned "
                        "an activity on a confidential record. Choose an advocate or a "
                        "supervisor in “Assigned to”.",
                        user=activity.user_id.name,
                    )
                )

    @api.model
    def _safety_confidential_model_names(self):
        return set(self.env.registry.descendants(["safety.confidential.mixin"], "_inherit"))
