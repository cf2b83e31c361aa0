from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_datetime

CHANNELS = [
    ("phone", "Phone"),
    ("text", "Text"),
    ("chat", "Chat"),
    ("email", "E-mail"),
    ("walk_in", "Walk-in"),
]
OUTCOMES = [
    ("information", "Information given"),
    ("safety_planning", "Safety planning"),
    ("referred", "Referred"),
    ("intake", "Intake requested"),
    ("disconnected", "Disconnected"),
    ("other", "Other"),
]
SUPERVISOR_GROUP = "victim_safety_planning.group_safety_supervisor"
ADVOCATE_GROUP = "victim_safety_planning.group_safety_advocate"


class SafetyHotlineCall(models.Model):
    """A helpline or walk-in contact, anonymous unless the caller agrees to
    an intake: its services count for the funder without naming anyone.
    Helpline workers see the contacts they logged and nothing else."""

    _name = "safety.hotline.call"
    _description = "Helpline Contact"
    _inherit = ["safety.confidential.mixin"]
    _order = "date desc, id desc"

    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    channel = fields.Selection(CHANNELS, required=True, default="phone")
    duration_minutes = fields.Integer(string="Minutes")
    user_id = fields.Many2one(
        "res.users",
        string="Taken By",
        required=True,
        default=lambda self: self.env.user,
        index=True,
        readonly=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    survivor_id = fields.Many2one(
        "safety.survivor",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        copy=False,
        help="Empty while the contact is anonymous; set by “Start Intake”.",
    )
    plan_id = fields.Many2one(
        "safety.plan", index="btree_not_null", ondelete="set null", readonly=True, copy=False
    )
    # set once by the intake, never recomputed: a retention purge removing the
    # survivor must not turn a past contact into an anonymous one
    is_anonymous = fields.Boolean(string="Anonymous", default=True, readonly=True, copy=False)
    service_ids = fields.One2many("safety.service", "hotline_call_id", string="Services")
    outcome = fields.Selection(OUTCOMES)
    notes = fields.Text(help="Narrative: purged by retention, never in a funder report.")
    has_intake_consent = fields.Boolean(
        string="Caller Agrees to an Intake",
        help="The caller agreed to give their name and have a safety plan opened: the "
        "contact then waits in the advocates' intake queue.",
    )
    caller_name = fields.Char(
        help="Only with the caller's agreement to an intake; moves to the survivor at intake."
    )

    _check_duration = models.Constraint(
        "CHECK(duration_minutes IS NULL OR (duration_minutes >= 0 AND duration_minutes <= 1440))",
        "A contact's “Minutes” must be between 0 and 1440 (one day).",
    )

    @api.constrains("date")
    def _check_date(self):
        now = fields.Datetime.now()
        for call in self:
            if call.date > now:
                raise ValidationError(
                    self.env._(
                        "The “Date” %(date)s of a contact is in the future: log a contact "
                        "when it happens.",
                        date=format_datetime(self.env, call.date),
                    )
                )

    @api.constrains("caller_name", "has_intake_consent")
    def _check_caller_name(self):
        for call in self:
            if call.caller_name and not call.has_intake_consent:
                raise ValidationError(
                    self.env._(
                        "A caller's name is kept only when they agree to an intake: tick "
                        "“Caller Agrees to an Intake” or leave “Caller Name” empty."
                    )
                )

    def _safety_display_name(self):
        self.ensure_one()
        channels = dict(self._fields["channel"]._description_selection(self.env))
        return self.env._(
            "%(channel)s contact of %(date)s",
            channel=channels.get(self.channel, ""),
            date=format_datetime(self.env, self.date, dt_format="short"),
        )

    @api.depends("channel", "date")
    def _compute_display_name(self):
        return super()._compute_display_name()

    def action_start_intake(self):
        """Open a survivor and a draft plan for a caller who agreed to it,
        as an advocate; the contact's services move to the plan."""
        self.ensure_one()
        if not self.env.user.has_group(ADVOCATE_GROUP):
            raise UserError(
                self.env._(
                    "Only an advocate can start an intake: tick “Caller Agrees to an Intake” "
                    "and an advocate will take it from the intake queue."
                )
            )
        if self.survivor_id:
            raise UserError(self.env._("This contact already has its survivor and plan."))
        if not self.has_intake_consent or not self.caller_name:
            raise UserError(
                self.env._(
                    "Start an intake only with the caller's agreement: tick “Caller Agrees "
                    "to an Intake” and fill in “Caller Name”."
                )
            )
        survivor = self.env["safety.survivor"].create(
            {"name": self.caller_name, "company_id": self.company_id.id}
        )
        plan = self.env["safety.plan"].create(
            {
                "survivor_id": survivor.id,
                "advocate_id": self.env.uid,
                "company_id": self.company_id.id,
            }
        )
        # sudo: an advocate reading the contact was checked above; the links to
        # the survivor and plan are the intake's to set, never a client's
        self.sudo().write(
            {
                "survivor_id": survivor.id,
                "plan_id": plan.id,
                "caller_name": False,
                "outcome": "intake",
                "is_anonymous": False,
            }
        )
        # sudo: as above; the contact's services, logged by a helpline worker,
        # follow the contact to its plan
        self.sudo().service_ids.write({"plan_id": plan.id, "survivor_id": survivor.id})
        plan.message_post(
            body=self.env._(
                "Intake from a %(contact)s, with the caller's agreement; %(count)s service(s) "
                "of the contact carried over.",
                contact=self.display_name,
                count=len(self.service_ids),
            ),
            message_type="notification",
            subtype_xmlid="mail.mt_note",
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "safety.plan",
            "res_id": plan.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_add_hotline_service(self):
        """One "C2 Hotline/crisis line counseling" service for the contact,
        with its minutes: the usual service of a call, in one click."""
        self.ensure_one()
        code = (
            self.env.ref("victim_safety_planning.voca_service_c2", raise_if_not_found=False)
            or self.env["safety.funder.code"]
        )
        self.write(
            {
                "service_ids": [
                    Command.create(
                        {
                            "date": fields.Date.context_today(self, self.date),
                            "service_code_id": code.id,
                            "duration_minutes": self.duration_minutes,
                        }
                    )
                ]
            }
        )
        return True
