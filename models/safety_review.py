from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_date

from .safety_plan_scheduler import REVIEW_TYPE

OUTCOMES = [
    ("no_change", "Plan still fits"),
    ("updated", "Plan updated"),
    ("reassess", "Risk to reassess"),
    ("close", "Plan to close"),
]


class SafetyReview(models.Model):
    """A review of a plan with the survivor. Completing it is what moves the
    plan's next review date."""

    _name = "safety.review"
    _description = "Safety Plan Review"
    _inherit = ["safety.plan.child.mixin"]
    _order = "date desc, id desc"

    date = fields.Date(required=True, default=fields.Date.context_today)
    reviewer_id = fields.Many2one("res.users", required=True, default=lambda self: self.env.user)
    advocate_id = fields.Many2one(
        "res.users",
        compute="_compute_advocate_id",
        store=True,
        precompute=True,
        index=True,
        help="The plan's advocate when the review was recorded.",
    )
    due_date = fields.Date(
        string="Due On",
        compute="_compute_due_date",
        store=True,
        help="The plan's next review date when the review was recorded.",
    )
    timeliness = fields.Selection(
        [("on_time", "On time"), ("late", "Late")],
        compute="_compute_timeliness",
        store=True,
        group_expand=True,
    )
    feels_safe_score = fields.Integer(
        string="Feels Safe (1-10)",
        aggregator="avg",
        help="How safe the survivor says they feel, from 1 (not at all) to 10 (completely).",
    )
    changes = fields.Text(
        string="What Changed", groups="victim_safety_planning.group_safety_advocate"
    )
    is_steps_updated = fields.Boolean(string="Steps Updated")
    outcome = fields.Selection(OUTCOMES, default="no_change", required=True)
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Done")], default="draft", required=True, readonly=True
    )

    @api.depends("plan_id")
    def _compute_advocate_id(self):
        for review in self:
            review.advocate_id = review.plan_id.advocate_id

    @api.depends("plan_id")
    def _compute_due_date(self):
        # recorded once, when the review is: a later plan date does not move it
        for review in self:
            review.due_date = review.due_date or review.plan_id.next_review_date

    @api.depends("date", "due_date")
    def _compute_timeliness(self):
        for review in self:
            late = review.due_date and review.date and review.date > review.due_date
            review.timeliness = "late" if late else "on_time"

    @api.constrains("date")
    def _check_date(self):
        today = fields.Date.context_today(self)
        for review in self:
            if review.date > today:
                raise ValidationError(
                    self.env._(
                        "The review date %(date)s is in the future: record a review once "
                        "it has taken place, with today's date or an earlier one.",
                        date=format_date(self.env, review.date),
                    )
                )

    @api.constrains("feels_safe_score")
    def _check_feels_safe_score(self):
        for review in self:
            if review.feels_safe_score and not 1 <= review.feels_safe_score <= 10:
                raise ValidationError(
                    self.env._(
                        "“Feels Safe” is the survivor's own score from 1 to 10; "
                        "%(score)s is out of range.",
                        score=review.feels_safe_score,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._safety_check_state_field(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._safety_check_state_field(vals)
        # superuser paths (demo data, migrations) may correct a completed one
        if not self.env.su and any(review.state == "done" for review in self):
            raise UserError(
                self.env._(
                    "A completed review can't be changed: it is what was said and decided "
                    "that day. Record a new review instead."
                )
            )
        return super().write(vals)

    @api.model
    def _safety_check_state_field(self, vals):
        # a review is completed with its button, which checks it and moves the plan
        if not self.env.su and "state" in vals:
            raise ValidationError(
                self.env._(
                    "A review is completed with “Complete Review”, which moves the plan's "
                    "review dates; its state can't be written."
                )
            )

    def action_done(self):
        """Close the review: the plan's review activity is done, its last
        review date moves (and with it the next one, from the current risk
        level, which schedules the next review activity) and the plan's
        chatter says so."""
        for review in self:
            if review.state == "done":
                continue
            if not review.feels_safe_score:
                raise UserError(
                    self.env._(
                        "Ask the survivor how safe they feel and fill in “Feels Safe (1-10)” "
                        "before completing the review."
                    )
                )
            review.check_access("write")
            # sudo: the state is the system's; the user's right was checked just above
            review.sudo().write({"state": "done"})
            plan = review.plan_id
            note = self.env._(
                "Review of %(date)s completed: feels safe %(score)s/10, %(outcome)s.",
                date=format_date(self.env, review.date),
                score=review.feels_safe_score,
                outcome=dict(review._fields["outcome"]._description_selection(self.env))[
                    review.outcome
                ],
            )
            # one chatter line: the activity done with the note, before the date
            # moves (the plan then schedules a fresh one), the dates untracked
            review_type = self.env.ref(REVIEW_TYPE)
            activities = plan.activity_ids.filtered(
                lambda a, t=review_type: a.activity_type_id == t
            )
            if activities:
                activities.action_feedback(feedback=note)
            else:
                plan.message_post(
                    body=note, message_type="notification", subtype_xmlid="mail.mt_note"
                )
            if not plan.last_review_date or review.date >= plan.last_review_date:
                plan.with_context(mail_notrack=True).last_review_date = review.date
        return True
