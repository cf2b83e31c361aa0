from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .safety_plan_scheduler import REVIEW_TYPE

REASSESSMENT_TYPE = "victim_safety_planning.mail_activity_type_safety_reassessment"
FIRST_CONTACT_TYPE = "victim_safety_planning.mail_activity_type_safety_first_contact"


class MailActivity(models.Model):
    _inherit = "mail.activity"

    safety_contact_summary = fields.Char(
        string="Safe Contact",
        compute="_compute_safety_contact_summary",
        help="How and when the survivor of the plan may be reached, shown on the activity "
        "so that whoever acts on it reaches them safely.",
    )

    @api.depends("res_model", "res_id")
    @api.depends_context("uid", "lang")
    def _compute_safety_contact_summary(self):
        survivors = {}
        for model_name in ("safety.plan", "safety.survivor"):
            ids = {a.res_id for a in self if a.res_model == model_name and a.res_id}
            # read as the user: a record they may not read says nothing
            records = self.env[model_name].browse(ids).exists()._filtered_access("read")
            for record in records:
                survivor = record if model_name == "safety.survivor" else record.survivor_id
                survivors[model_name, record.id] = survivor._filtered_access("read")
        for activity in self:
            survivor = survivors.get((activity.res_model, activity.res_id))
            activity.safety_contact_summary = survivor.safe_contact_summary if survivor else False

    def _to_store_defaults(self, target):
        # the chatter and the activity popovers show it under the activity
        return [*super()._to_store_defaults(target), "safety_contact_summary"]

    @api.constrains("res_model", "user_id")
    def _check_safety_assignee(self):
        """Activities on a survivor's records go to safety members only: an
        assignee can read the activity, its summary, note and record name."""
        confidential = self.env["safety.confidential.mixin"]._safety_confidential_model_names()
        for activity in self:
            if (
                activity.res_model in confidential
                and activity.user_id
                and not activity.user_id._is_safety_member()
            ):
                raise ValidationError(
                    self.env._(
                        "“%(user)s” is not a Safety Planning user and cannot be assigned "
                        "an activity on a confidential record. Choose an advocate or a "
                        "supervisor in “Assigned to”.",
                        user=activity.user_id.name,
                    )
                )

    def _action_done(self, feedback=False, attachment_ids=None):
        # a referral's first contact is made when its activity is done
        first_contact = self.env.ref(FIRST_CONTACT_TYPE, raise_if_not_found=False)
        plan_ids = {
            activity.res_id
            for activity in self
            if first_contact
            and activity.res_model == "safety.plan"
            and activity.activity_type_id == first_contact
        }
        result = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        if plan_ids:
            # sudo: the assignee marked the activity done (core checked it); the
            # date is the plan's record of it
            plans = self.env["safety.plan"].sudo().browse(plan_ids).exists()
            plans.filtered(lambda plan: not plan.first_contact_date).write(
                {"first_contact_date": fields.Date.context_today(self)}
            )
        return result

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

    def action_start_safety_reassessment(self):
        """“Assess Risk” on a plan's risk reassessment activity: a new
        assessment of that plan, whose confirmation marks the activity done."""
        self.ensure_one()
        if self.res_model != "safety.plan" or self.activity_type_id != self.env.ref(
            REASSESSMENT_TYPE
        ):
            raise UserError(
                self.env._("Only a “Risk reassessment” activity starts a risk assessment.")
            )
        # read as the current user: a non-member gets the usual access error
        plan = self.env["safety.plan"].browse(self.res_id)
        plan.check_access("write")
        return plan.action_assess_risk()
