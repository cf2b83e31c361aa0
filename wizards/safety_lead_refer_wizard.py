from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, LockError, UserError

from ..models.mail_activity import FIRST_CONTACT_TYPE
from ..models.safety_plan import SITUATION_TYPES

DELETE_PARAM = "victim_safety_planning.referral_delete_lead"
PHONE_OWNERS = [
    ("survivor", "The person's own phone"),
    ("someone_else", "Someone else's phone (a friend, family, a service)"),
]
SAFE_CONTACT_FIELDS = (
    "is_safe_to_call",
    "is_safe_to_text",
    "is_safe_to_email",
    "is_safe_to_voicemail",
    "safe_contact_times",
    "safe_contact_notes",
)


class SafetyLeadReferWizard(models.TransientModel):
    """Refer a CRM lead to Safety Planning: the person goes into the vault
    (a new survivor, or one already registered), a draft plan is opened for
    them, the lead's messages and attachments move to the plan and the lead
    is scrubbed."""

    _name = "safety.lead.refer.wizard"
    _description = "Refer a Lead to Safety Planning"
    _inherit = ["safety.link.guard.mixin"]

    lead_id = fields.Many2one("crm.lead", required=True, ondelete="cascade")
    survivor_id = fields.Many2one(
        "safety.survivor",
        string="Already Registered As",
        help="Leave empty to register the person from the lead's details.",
    )
    name = fields.Char(string="Full Name")
    email = fields.Char()
    phone = fields.Char()
    phone_owner = fields.Selection(
        PHONE_OWNERS,
        string="Whose Number Is It?",
        help="A helpline call from a friend's phone leaves the friend's number on the lead: "
        "only the person's own number becomes their phone. Someone else's stays in the "
        "intake note.",
    )
    is_safe_to_call = fields.Boolean(string="Safe to Call")
    is_safe_to_text = fields.Boolean(string="Safe to Text")
    is_safe_to_email = fields.Boolean(string="Safe to Email")
    is_safe_to_voicemail = fields.Boolean(string="Safe to Leave Voicemail")
    safe_contact_times = fields.Char(
        string="Safe Times", help="When it is safe to reach the person, e.g. after 6 pm."
    )
    safe_contact_notes = fields.Text(
        string="If Someone Else Answers",
        help="What to say if someone else answers or reads the message.",
    )
    intake_note = fields.Html(
        compute="_compute_intake_note",
        sanitize=True,
        help="The lead's description: it becomes the plan's first internal note.",
    )
    advocate_id = fields.Many2one(
        "res.users",
        required=True,
        domain=lambda self: self.env["res.users"]._safety_members_domain(),
    )
    situation_type = fields.Selection(
        SITUATION_TYPES, string="Situation", required=True, default="domestic_violence"
    )
    duplicate_info = fields.Html(compute="_compute_duplicate_info", sanitize=False)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        lead = self.env["crm.lead"].browse(
            values.get("lead_id") or self.env.context.get("default_lead_id")
        )
        if lead:
            if not self.env.user._is_safety_member():
                raise AccessError(self.env._("Only Safety Planning users can refer a lead."))
            lead.check_access("read")
            lead._safety_check_referable()
            lead_values = lead._safety_survivor_values()
            for name in ("name", "email", "phone"):
                if name in fields_list and not values.get(name):
                    values[name] = lead_values[name]
            if "advocate_id" in fields_list and not values.get("advocate_id"):
                # an archived salesperson (OdooBot on leads the system made: web
                # forms, mail gateway) can take no first contact: the plan
                # stays with the member who refers
                salesperson = lead.user_id
                values["advocate_id"] = (
                    salesperson
                    if salesperson and salesperson.active and salesperson._is_safety_member()
                    else self.env.user
                ).id
        return values

    @api.depends("lead_id")
    def _compute_intake_note(self):
        for wizard in self:
            wizard.intake_note = wizard.lead_id.description or False

    @api.depends("survivor_id", "name", "email", "phone", "phone_owner")
    def _compute_duplicate_info(self):
        for wizard in self:
            if wizard.survivor_id or not wizard.name:
                wizard.duplicate_info = False
                continue
            candidate = self.env["safety.survivor"].new(wizard._survivor_values())
            wizard.duplicate_info = candidate._safety_duplicate_info()

    def _survivor_values(self):
        self.ensure_one()
        values = self.lead_id._safety_survivor_values()
        values.update(
            name=self.name or values["name"],
            email=self.email,
            # someone else's number never becomes the person's phone
            phone=self.phone if self.phone_owner == "survivor" else False,
        )
        values.update({name: self[name] for name in SAFE_CONTACT_FIELDS})
        return values

    def _check_phone_owner(self):
        self.ensure_one()
        if self.phone and not self.survivor_id and not self.phone_owner:
            raise UserError(
                self.env._(
                    "Say in “Whose Number Is It?” whether %(phone)s is the person's own "
                    "phone or someone else's: a friend's number must not become theirs.",
                    phone=self.phone,
                )
            )

    def _intake_note_body(self, description):
        """The lead's description, and someone else's number if there was
        one, as the plan's first internal note."""
        self.ensure_one()
        parts = [Markup("<p><b>%s</b></p>") % self.env._("Intake note from the CRM lead:")]
        if description:
            parts.append(Markup(description))
        if self.phone and self.phone_owner == "someone_else":
            parts.append(
                Markup("<p>%s</p>")
                % self.env._(
                    "Number on the lead, someone else's phone (not the person's): %(phone)s",
                    phone=self.phone,
                )
            )
        return Markup("").join(parts)

    @api.model
    def _next_working_day(self, user):
        """The first working day after today, in the advocate's working
        hours (their calendar, else the company's), weekends skipped."""
        today = fields.Date.context_today(self)
        calendar = user.resource_calendar_id or user.company_id.resource_calendar_id
        if calendar and calendar.attendance_ids and not calendar.flexible_hours:
            # midnight where the advocate works, not in UTC
            zone = ZoneInfo(calendar.tz or user.tz or "UTC")
            start = datetime.combine(today + timedelta(days=1), time.min, tzinfo=zone)
            found = calendar.plan_days(1, start, compute_leaves=True)
            if found:
                return found.date()
        day = today + timedelta(days=1)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        return day

    def action_refer(self):
        self.ensure_one()
        if not self.env.user._is_safety_member():
            raise AccessError(self.env._("Only Safety Planning users can refer a lead."))
        lead = self.lead_id
        lead.check_access("read")
        # one referral per lead: a second member referring it at the same
        # moment waits for nobody and is told so; once the first commits, the
        # lead says it was referred. allow_referencing: FOR NO KEY UPDATE, as
        # every wizard's row references the lead and its foreign-key check
        # holds a KEY SHARE lock on it, which FOR UPDATE would skip: two members
        # who both opened their wizard would both be refused
        try:
            lead.lock_for_update(allow_referencing=True)
        except LockError:
            raise UserError(
                self.env._(
                    "Another member is referring this lead right now. Wait a moment and "
                    "look for the person in Safety Planning > Referrals."
                )
            ) from None
        lead._safety_check_referable()
        self._check_phone_owner()
        # sudo: the member may read the lead (checked above); its description
        # moves to the plan and is gone from the lead
        description = lead.sudo().description
        survivor = self.survivor_id or self.env["safety.survivor"].create(self._survivor_values())
        advocate = self.advocate_id
        Plan = self.env["safety.plan"]
        handed_over = advocate != self.env.user and not self.env.user.has_group(
            "victim_safety_planning.group_safety_supervisor"
        )
        if handed_over:
            # sudo: a member doing intake hands the survivor to a colleague
            # (the plan's constraint checks the colleague is a member even so):
            # the plan is the colleague's from its first line, and the member
            # who referred keeps no access
            Plan = Plan.sudo()
        plan = Plan.create(
            {
                "survivor_id": survivor.id,
                "advocate_id": advocate.id,
                "situation_type": self.situation_type,
                "company_id": survivor.company_id.id,
            }
        )
        # sudo: the member was checked above; who referred, when and from which
        # lead are the system's (a client can't write them) and list the plan
        # in Referrals
        plan.sudo().write(
            {
                "referred_by_id": self.env.uid,
                "referral_date": fields.Datetime.now(),
                "referral_lead_ref": lead.id,
            }
        )
        # sudo: as above; the note is the plan's, for its members only
        plan.sudo().message_post(
            author_id=self.env.user.partner_id.id,
            body=self._intake_note_body(description),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        # sudo: the member was checked above and may read the lead; moving its
        # conversation and scrubbing it needs rights on messages and leads
        # that belong to the sales team
        lead.sudo()._safety_transfer_to(plan)
        plan.message_post(
            body=self.env._(
                "Referred from a CRM lead by %(user)s: the lead's messages and attachments "
                "are here; the lead keeps nothing about the survivor.",
                user=self.env.user.name,
            ),
            message_type="notification",
            subtype_xmlid="mail.mt_note",
        )
        # sudo: a setting every member's referral follows
        delete = self.env["ir.config_parameter"].sudo().get_param(DELETE_PARAM)
        # sudo: as above, the member may read the lead but not always write it
        lead.sudo()._safety_scrub(delete=bool(delete))
        # sudo: the named advocate's activity on their plan, which the member
        # who referred may no longer read (handed over)
        plan.sudo().activity_schedule(
            FIRST_CONTACT_TYPE,
            date_deadline=self._next_working_day(advocate),
            user_id=advocate.id,
        )
        if handed_over:
            # the member who referred no longer follows, nor is notified of, the
            # survivor and plan they handed over
            self.env.user._safety_revoke(plan)
        # the wizard's row holds the person's name and numbers until the
        # transient vacuum: gone now, so that an erasure leaves nothing behind
        self.unlink()
        if handed_over:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "success",
                    "message": self.env._(
                        "Referred to %(advocate)s: the plan is theirs now.",
                        advocate=advocate.name,
                    ),
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        return {
            "type": "ir.actions.act_window",
            "res_model": "safety.plan",
            "res_id": plan.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
