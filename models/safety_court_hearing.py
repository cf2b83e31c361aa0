from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_datetime

HEARING_TYPES = [
    ("ex_parte", "Emergency / ex parte"),
    ("full", "Full hearing on the order"),
    ("review", "Review or extension"),
    ("modification", "Modification or dismissal"),
    ("custody", "Custody or family"),
    ("criminal", "Criminal"),
    ("other", "Other"),
]
OUTCOMES = [
    ("granted", "Order granted or extended"),
    ("denied", "Order denied"),
    ("continued", "Continued to a later date"),
    ("dismissed", "Dismissed"),
    ("modified", "Order modified"),
    ("other", "Other"),
]
# VOCA PMT service codes an accompaniment to court is counted under
# (E4: civil legal assistance in obtaining a protection order; E10: criminal
# advocacy/accompaniment), as data/safety_funder_code_data.xml lists them
ACCOMPANIMENT_CODES = {"criminal": "E10"}
DEFAULT_ACCOMPANIMENT_CODE = "E4"
HEARING_REMINDER_PARAM = "victim_safety_planning.hearing_reminder_days"
DEFAULT_HEARING_REMINDER_DAYS = 3


class SafetyCourtHearing(models.Model):
    """A court date of the survivor's: of one of the plan's protective
    orders, or of a case. The advocate is reminded some days before it, and
    who went to court with the survivor is recorded."""

    _name = "safety.court.hearing"
    _description = "Court Hearing"
    _inherit = ["safety.plan.child.mixin", "safety.survivor.name.mixin"]
    _order = "date desc, id desc"
    _rec_name = "court"

    order_id = fields.Many2one(
        "safety.protective.order",
        string="Protective Order",
        index="btree_not_null",
        ondelete="set null",
        domain="[('plan_id', '=', plan_id)]",
    )
    date = fields.Datetime(required=True, index=True)
    duration = fields.Float(default=1.0, help="Expected length of the hearing, in hours.")
    court = fields.Char(help="Court, courtroom and judge when known.")
    hearing_type = fields.Selection(HEARING_TYPES, string="Type", required=True, default="full")
    accompanied_by_id = fields.Many2one(
        "res.users",
        index="btree_not_null",
        domain=lambda self: self.env["res.users"]._safety_members_domain(),
        help="Who from the agency goes (or went) to court with the survivor.",
    )
    is_accompaniment_recorded = fields.Boolean(
        string="Accompaniment Recorded",
        readonly=True,
        copy=False,
        help="Set once the hearing has taken place with someone from the agency.",
    )
    outcome = fields.Selection(OUTCOMES)
    outcome_note = fields.Text(groups="victim_safety_planning.group_safety_advocate")
    is_past = fields.Boolean(compute="_compute_is_past")
    reminder_activity_id = fields.Many2one(
        "mail.activity",
        string="Reminder",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )

    _duration_positive = models.Constraint(
        "CHECK(duration IS NULL OR duration >= 0)",
        "The Duration of a hearing can't be negative: enter its expected length in hours.",
    )

    @api.depends("date")
    def _compute_is_past(self):
        now = fields.Datetime.now()
        for hearing in self:
            hearing.is_past = bool(hearing.date and hearing.date <= now)

    @api.constrains("order_id", "plan_id")
    def _check_order_plan(self):
        for hearing in self:
            if hearing.order_id and hearing.order_id.plan_id != hearing.plan_id:
                raise ValidationError(
                    self.env._(
                        "The “Protective Order” of a hearing must be one of its plan's "
                        "orders: choose one of plan %(plan)s's orders, or leave it empty "
                        "for a hearing of another case.",
                        plan=hearing.plan_id.display_name,
                    )
                )

    @api.constrains("accompanied_by_id")
    def _check_accompanied_by(self):
        for hearing in self:
            user = hearing.accompanied_by_id
            if user and not user._is_safety_member():
                raise ValidationError(
                    self.env._(
                        "“Accompanied By” must be a Safety Planning member: %(user)s is "
                        "not one. Choose an advocate of the agency.",
                        user=user.name,
                    )
                )

    @api.depends("hearing_type", "date")
    @api.depends_context("tz")
    def _compute_display_name(self):
        # the names come from _safety_display_name; the mixin masks them
        return super()._compute_display_name()

    def _safety_display_name(self):
        self.ensure_one()
        types = dict(self._fields["hearing_type"]._description_selection(self.env))
        if not self.date:
            return types.get(self.hearing_type) or self.env._("Hearing")
        return self.env._(
            "%(type)s hearing, %(date)s",
            type=types.get(self.hearing_type) or "",
            date=format_datetime(self.env, self.date, dt_format="short"),
        )

    @api.model_create_multi
    def create(self, vals_list):
        hearings = super().create(vals_list)
        hearings._safety_schedule_reminders()
        hearings._safety_record_accompaniment()
        return hearings

    def write(self, vals):
        if "is_accompaniment_recorded" in vals and not self.env.su:
            raise UserError(
                self.env._(
                    "An accompaniment is recorded by choosing who went to court in "
                    "“Accompanied By” once the hearing has taken place."
                )
            )
        result = super().write(vals)
        if {"date", "plan_id"} & set(vals):
            self._safety_schedule_reminders()
        if {"date", "accompanied_by_id"} & set(vals):
            self._safety_record_accompaniment()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_reminders(self):
        self.reminder_activity_id.sudo().unlink()

    # reminders ----------------------------------------------------------------
    @api.model
    def _safety_reminder_days(self):
        return self.env["safety.plan"]._get_days_setting(
            HEARING_REMINDER_PARAM, DEFAULT_HEARING_REMINDER_DAYS, minimum=0
        )

    def _safety_reminder_deadline(self, user):
        """The day the reminder is due: the set number of days before the
        hearing, in the assignee's time zone, never before today."""
        self.ensure_one()
        env = self.with_context(tz=user.tz or self.env.context.get("tz"))
        day = fields.Date.context_today(env, timestamp=self.date)
        today = fields.Date.context_today(env)
        return max(day - timedelta(days=self._safety_reminder_days()), today)

    def _safety_schedule_reminders(self):
        """One "Court hearing" activity on the plan per upcoming hearing, for
        the plan's advocate, moved when the hearing moves; none for a hearing
        already held."""
        activity_type = self.env.ref("victim_safety_planning.mail_activity_type_safety_hearing")
        model_id = self.env["ir.model"]._get_id("safety.plan")
        now = fields.Datetime.now()
        for hearing in self:
            activity = hearing.reminder_activity_id
            if hearing.date <= now:
                # sudo: the reminder is the system's; the hearing was written by a member
                activity.sudo().unlink()
                continue
            user = hearing.plan_id.advocate_id
            if not user._is_safety_member():
                user = self.env.user
            deadline = hearing._safety_reminder_deadline(user)
            summary = hearing.with_context(
                lang=user.lang or self.env.lang
            )._safety_reminder_summary()
            if activity and activity.res_id == hearing.plan_id.id:
                # sudo: the reminder may be assigned to the advocate, not the writer
                activity.sudo().write({"date_deadline": deadline, "summary": summary})
                continue
            activity.sudo().unlink()
            activity = (
                self.env["mail.activity"]
                .with_context(mail_activity_quick_update=True)
                .create(
                    {
                        "res_model_id": model_id,
                        "res_id": hearing.plan_id.id,
                        "activity_type_id": activity_type.id,
                        "summary": summary,
                        "date_deadline": deadline,
                        "automated": True,
                        "user_id": user.id,
                    }
                )
            )
            # sudo: the reminder field is the system's
            hearing.sudo().reminder_activity_id = activity

    def _safety_reminder_summary(self):
        self.ensure_one()
        return self.env._(
            "Court hearing on %(date)s: prepare the survivor and arrange who goes with them",
            date=format_datetime(
                self.env, self.date, tz=self.plan_id.advocate_id.tz, dt_format="short"
            ),
        )

    # accompaniment ------------------------------------------------------------
    def _safety_record_accompaniment(self):
        """Once a hearing someone went to has taken place: the plan's chatter
        says who went; ``_safety_accompaniment_service_values`` gives the
        service it counts as."""
        now = fields.Datetime.now()
        todo = self.filtered(
            lambda h: h.accompanied_by_id and not h.is_accompaniment_recorded and h.date <= now
        )
        for hearing in todo:
            # sudo: the flag is the system's; the hearing was written by a member
            hearing.sudo().is_accompaniment_recorded = True
            hearing.plan_id.message_post(
                body=self.env._(
                    "%(user)s accompanied the survivor to the %(hearing)s.",
                    user=hearing.accompanied_by_id.name,
                    hearing=hearing.display_name,
                ),
                message_type="notification",
                subtype_xmlid="mail.mt_note",
            )
        # going to court with the survivor is a service given (E4/E10)
        # sudo: a member recorded the hearing; a service's link to it is Odoo's
        self.env["safety.service"].sudo()._safety_create_from_values(
            todo._safety_accompaniment_service_values()
        )

    def _safety_accompaniment_service_values(self):
        """The ``safety.service`` each accompanied hearing counts as
        (DESIGN.md): ``service_code`` is the VOCA code whose
        ``safety.funder.code`` the service points at."""
        return [
            {
                "date": fields.Date.context_today(hearing, timestamp=hearing.date),
                "survivor_id": hearing.plan_id.survivor_id.id,
                "plan_id": hearing.plan_id.id,
                "user_id": hearing.accompanied_by_id.id,
                "duration_minutes": round((hearing.duration or 0.0) * 60),
                "service_code": ACCOMPANIMENT_CODES.get(
                    hearing.hearing_type, DEFAULT_ACCOMPANIMENT_CODE
                ),
                "hearing_id": hearing.id,
            }
            for hearing in self.filtered("accompanied_by_id")
        ]
