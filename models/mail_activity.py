from odoo import api, models
from odoo.exceptions import UserError, ValidationError

from .safety_plan_schedule import REVIEW_TYPE


class MailActivity(models.Model):
    _inherit = "mail.activity"

    @api.constrains("res_model", "res_id", "user_id")
    def _check_safety_assignee(self):
        """Activities on a survivor's records go to safety members only: an
        assignee can read the activity, its summary, note and record name."""
        confidential_models = self._safety_confidential_model_names()
        activities = self.filtered(
            lambda a: a.user_id and a.res_id and a.res_model in confidential_models
        )
        for res_model, model_activities in activities.grouped("res_model").items():
            # sudo: the records' flag is read only to decide whether the
            # assignment is allowed; one query per model, whatever the batch
            records = self.env[res_model].sudo().browse(set(model_activities.mapped("res_id")))
            confidential_ids = set(records.exists()._safety_confidential_records().ids)
            for activity in model_activities:
                if activity.res_id not in confidential_ids:
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

    def action_start_safety_review(self):
        """“Start Review” on a plan's review activity: the review form of
        that plan, which marks the activity done when the review is complete."""
        self.ensure_one()
        if self.res_model != "safety.plan" or self.activity_type_id != self.env.ref(REVIEW_TYPE):
            raise UserError(self.env._("Only a “Safety plan review” activity starts a review."))
        # read as the current user: a non-member gets the usual access error
        plan = self.env["safety.plan"].browse(self.res_id)
        plan.check_access("write")
        return plan.action_start_review()
