import base64
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools.misc import format_date

REFERRAL_STATES = [
    ("draft", "Draft"),
    ("sent", "Sent"),
    ("accepted", "Accepted"),
    ("declined", "Declined"),
    ("revoked", "Revoked"),
    ("completed", "Completed"),
]
OUTCOMES = [("connected", "Connected"), ("not_connected", "Not connected")]
# referrals still in the hands of the organisation: a revoked release ends them
OPEN_STATES = ("sent", "accepted")
REFERRAL_REPORT = "victim_safety_planning.report_safety_referral"
FOLLOW_UP_TYPE = "victim_safety_planning.mail_activity_type_safety_referral_follow_up"
FOLLOW_UP_PARAM = "victim_safety_planning.referral_follow_up_days"
DEFAULT_FOLLOW_UP_DAYS = 7
CRON_BATCH_SIZE = 500
# VOCA PMT service codes: A3 referral to other victim service programs, A4
# referral to other services, supports and resources
VICTIM_SERVICE_RESOURCE_TYPES = frozenset({"advocacy", "shelter", "hotline", "counseling"})


class SafetyReferral(models.Model):
    """A referral out to another organisation, closed loop: sent only under
    a signed release naming the organisation (or an override with a reason,
    which supervisors see), followed up when no answer comes, ended when the
    release ends. The organisation learns nothing through Odoo: no access,
    no follower, no automatic mail; only a sheet an advocate sends."""

    _name = "safety.referral"
    _description = "Referral"
    _inherit = ["safety.plan.child.mixin", "safety.survivor.name.mixin"]
    _order = "date desc, id desc"
    _rec_names_search = ["partner_id"]

    # not required in the database: a contact stays deletable by whoever may
    # delete contacts; the referral keeps the name (_check_partner asks for one)
    partner_id = fields.Many2one(
        "res.partner",
        string="Organisation",
        index=True,
        ondelete="set null",
        domain=[("safety_resource_type", "!=", False)],
        help="The resource organisation the survivor is referred to.",
    )
    partner_name = fields.Char(
        string="Organisation Name",
        compute="_compute_partner_name",
        store=True,
        help="The organisation's name, kept when its contact is deleted.",
    )
    service_ids = fields.Many2many(
        "safety.resource.service",
        "safety_referral_service_rel",
        "referral_id",
        "service_id",
        string="Services Asked For",
        domain="[('partner_id', '=', partner_id)]",
    )
    consent_id = fields.Many2one(
        "safety.consent",
        string="Release",
        index="btree_not_null",
        ondelete="restrict",
        domain="[('plan_id', '=', plan_id), ('recipient_id', '=', partner_id), "
        "('state', 'in', ('active', 'expiring'))]",
        help="The survivor's signed release of information naming the organisation: it "
        "says what the referral sheet may carry and how it may be sent.",
    )
    consent_state = fields.Selection(related="consent_id.state", string="Release Status")
    is_consent_overridden = fields.Boolean(
        string="Send Without a Release",
        help="Send although no active signed release names the organisation (e.g. an "
        "emergency, or consent given in a call). Supervisors see every such referral.",
    )
    override_reason = fields.Text(
        string="Reason for Sending Without a Release",
        groups="victim_safety_planning.group_safety_advocate",
    )
    override_user_id = fields.Many2one("res.users", string="Overridden By", readonly=True)
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    reason = fields.Text(
        groups="victim_safety_planning.group_safety_advocate",
        help="Why the survivor is referred. Printed on the referral sheet only when the "
        "release lets the situation be shared.",
    )
    state = fields.Selection(
        REFERRAL_STATES,
        string="Status",
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        index=True,
        group_expand=True,
    )
    sent_date = fields.Date(readonly=True, copy=False)
    sent_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    answer_date = fields.Date(readonly=True, copy=False)
    decline_reason = fields.Text(
        string="Reason for Declining",
        copy=False,
        groups="victim_safety_planning.group_safety_advocate",
        help="What the organisation said when it declined (no space, not eligible...).",
    )
    outcome = fields.Selection(
        OUTCOMES, copy=False, help="Whether the survivor got the service in the end."
    )
    outcome_reason = fields.Text(
        string="Why Not Connected",
        copy=False,
        groups="victim_safety_planning.group_safety_advocate",
    )
    completed_date = fields.Date(readonly=True, copy=False)
    revoked_date = fields.Date(readonly=True, copy=False)
    revoke_reason = fields.Char(readonly=True, copy=False)
    follow_up_date = fields.Date(
        copy=False,
        help="When to chase the organisation if it has not answered; set when the "
        "referral is sent (Settings) unless you set it.",
    )
    follow_up_activity_id = fields.Many2one(
        "mail.activity", readonly=True, copy=False, ondelete="set null"
    )
    followed_up_date = fields.Date(
        readonly=True,
        copy=False,
        help="The follow-up date the advocate was reminded of: one reminder per date.",
    )
    is_answer_overdue = fields.Boolean(
        string="No Answer",
        compute="_compute_is_answer_overdue",
        search="_search_is_answer_overdue",
        help="Sent, and no answer by the follow-up date.",
    )
    sheet_attachment_id = fields.Many2one(
        "ir.attachment", string="Last Sheet Sent", readonly=True, copy=False
    )

    # Fields the workflow writes: buttons, never a client.
    _SYSTEM_FIELDS = frozenset(
        {
            "state",
            "override_user_id",
            "sent_date",
            "sent_by_id",
            "answer_date",
            "completed_date",
            "revoked_date",
            "revoke_reason",
            "follow_up_activity_id",
            "followed_up_date",
            "sheet_attachment_id",
        }
    )

    # constraints ----------------------------------------------------------------
    # "plan_id" is in every create: a referral is never recorded without an organisation
    @api.constrains("partner_id", "plan_id")
    def _check_partner(self):
        for referral in self:
            if not referral.partner_id:
                raise ValidationError(
                    self.env._(
                        "Choose the “Organisation” the survivor is referred to: a "
                        "resource organisation of Safety Planning > Resources."
                    )
                )
            # sudo: only whether the contact is a resource organisation is read
            if not referral.partner_id.sudo().safety_resource_type:
                raise ValidationError(
                    self.env._(
                        "“Organisation” of a referral must be a resource organisation (a "
                        "contact with a Safety Resource type): %(name)s is not one. Set its "
                        "type in Safety Planning > Resources, or choose another.",
                        name=referral.partner_id.name,
                    )
                )

    @api.constrains("consent_id", "plan_id", "partner_id")
    def _check_consent(self):
        for referral in self:
            consent = referral.consent_id
            if consent and consent.plan_id != referral.plan_id:
                raise ValidationError(
                    self.env._(
                        "“Release” of a referral must be one of plan %(plan)s's releases.",
                        plan=referral.plan_id.name,
                    )
                )
            if consent and (
                consent.recipient_id.commercial_partner_id
                != referral.partner_id.commercial_partner_id
            ):
                raise ValidationError(
                    self.env._(
                        "“Release” must name the organisation referred to: this one names "
                        "%(recipient)s, not %(partner)s. Choose the release naming "
                        "%(partner)s, or record one.",
                        recipient=consent.recipient_id.name,
                        partner=referral.partner_id.name,
                    )
                )

    @api.constrains("service_ids", "partner_id")
    def _check_services(self):
        for referral in self:
            wrong = referral.service_ids.filtered(
                lambda service, referral=referral: service.partner_id != referral.partner_id
            )
            if wrong:
                raise ValidationError(
                    self.env._(
                        "“Services Asked For” must be services of %(partner)s: %(service)s "
                        "is offered by %(other)s.",
                        partner=referral.partner_id.name,
                        service=wrong[0].name,
                        other=wrong[0].partner_id.name,
                    )
                )

    @api.constrains("follow_up_date", "date")
    def _check_follow_up_date(self):
        for referral in self:
            if referral.follow_up_date and referral.follow_up_date < referral.date:
                raise ValidationError(
                    self.env._(
                        "“Follow-up Date” %(follow_up)s is before the referral's date "
                        "%(date)s: choose a day after the referral to chase an answer.",
                        follow_up=format_date(self.env, referral.follow_up_date),
                        date=format_date(self.env, referral.date),
                    )
                )

    @api.constrains("outcome", "state")
    def _check_outcome(self):
        for referral in self:
            if referral.outcome and referral.state not in ("sent", "accepted", "completed"):
                raise ValidationError(
                    self.env._(
                        "An “Outcome” is recorded for a referral sent to %(partner)s, "
                        "when it is completed.",
                        partner=referral.partner_id.name,
                    )
                )

    # computes -------------------------------------------------------------------
    @api.depends("partner_id.name")
    def _compute_partner_name(self):
        for referral in self:
            if referral.partner_id:
                referral.partner_name = referral.partner_id.name

    @api.depends("partner_id", "date")
    def _compute_display_name(self):
        # the names come from _safety_display_name; the mixin masks them
        return super()._compute_display_name()

    def _safety_display_name(self):
        self.ensure_one()
        return self.env._(
            "Referral to %(partner)s",
            partner=self.partner_id.display_name or self.partner_name or "?",
        )

    @api.depends("state", "follow_up_date")
    def _compute_is_answer_overdue(self):
        today = fields.Date.context_today(self)
        for referral in self:
            referral.is_answer_overdue = bool(
                referral.state == "sent"
                and referral.follow_up_date
                and referral.follow_up_date < today
            )

    def _search_is_answer_overdue(self, operator, value):
        if operator != "in":
            return NotImplemented
        overdue = self._safety_answer_overdue_domain()
        if True in value and False in value:
            return Domain.TRUE
        return overdue if True in value else ~overdue

    @api.model
    def _safety_answer_overdue_domain(self):
        today = fields.Date.context_today(self)
        return Domain("state", "=", "sent") & Domain("follow_up_date", "<", today)

    # CRUD -----------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        vals_list = self._safety_own_values(vals_list, "create")
        for vals in vals_list:
            self._safety_check_workflow_fields(vals)
        return super().create(vals_list)

    def write(self, vals):
        vals = self._safety_own_values([vals], "write")[0]
        self._safety_check_workflow_fields(vals)
        if not self.env.su:
            done = self.filtered(lambda r: r.state != "draft")
            locked = {"partner_id", "consent_id", "plan_id", "service_ids"}
            locked |= {"is_consent_overridden", "override_reason"}
            if done and locked & set(vals):
                raise UserError(
                    self.env._(
                        "Referral to %(partner)s was sent: its organisation, services, "
                        "release and override stay as they were sent. Record a new referral "
                        "to ask for something else.",
                        partner=done[0].partner_id.name,
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent(self):
        for referral in self:
            if referral.state != "draft":
                raise UserError(
                    self.env._(
                        "Referral to %(partner)s was sent and stays in the plan's history: "
                        "revoke it instead of deleting it.",
                        partner=referral.partner_id.name,
                    )
                )

    @api.model
    def _safety_check_workflow_fields(self, vals):
        if self.env.su:
            return
        refused = sorted(self._SYSTEM_FIELDS & set(vals))
        if refused:
            raise ValidationError(
                self.env._(
                    "%(fields)s of a referral are set by its buttons (Send, Accepted, "
                    "Declined, Complete, Revoke), not by hand. Leave them out.",
                    fields=", ".join(
                        f"“{self._fields[name]._description_string(self.env)}”" for name in refused
                    ),
                )
            )

    # the release gate -------------------------------------------------------------
    def _safety_valid_consent(self):
        """The referral's release when it lets the referral go today, else an
        empty recordset."""
        self.ensure_one()
        consent = self.consent_id
        if consent and consent._safety_allows_referral_to(self.partner_id):
            return consent
        return self.env["safety.consent"]

    def _safety_check_gate(self):
        """Refuse unless an active signed release names the organisation, or
        an override with its reason is recorded."""
        self.ensure_one()
        if self._safety_valid_consent():
            return
        # sudo: the reason's field is for members; this runs for a member
        if self.is_consent_overridden and (self.sudo().override_reason or "").strip():
            return
        if self.is_consent_overridden:
            raise UserError(
                self.env._(
                    "Write in “Reason for Sending Without a Release” why referral to "
                    "%(partner)s goes without a release: supervisors read it.",
                    partner=self.partner_id.name,
                )
            )
        raise UserError(
            self.env._(
                "Referral to %(partner)s can't be sent: no active signed release of "
                "information names %(partner)s. Record the release the survivor signed and "
                "choose it in “Release”, or tick “Send Without a Release” and write why.",
                partner=self.partner_id.name,
            )
        )

    # workflow -------------------------------------------------------------------
    def _safety_workflow_write(self, vals):
        """Write the workflow's fields, after checking the user may change
        the referral."""
        self.check_access("write")
        # sudo: the workflow's fields are the system's; the right was checked above
        self.sudo().write(vals)

    def _safety_note(self, body):
        for referral in self:
            # sudo: a note on the plan the member may write; the plan's chatter is
            # for its members only
            referral.plan_id.sudo().message_post(
                author_id=self.env.user.partner_id.id,
                body=body,
                message_type="notification",
                subtype_xmlid="mail.mt_note",
            )

    def _safety_check_state(self, states, action):
        for referral in self:
            if referral.state not in states:
                labels = dict(self._fields["state"]._description_selection(self.env))
                raise UserError(
                    self.env._(
                        "Referral to %(partner)s is “%(state)s”: it can't be %(action)s.",
                        partner=referral.partner_id.name,
                        state=labels[referral.state],
                        action=action,
                    )
                )

    def action_send(self):
        """Mark the referral as sent (by phone, fax or by hand): the release
        gate applies, the follow-up date is set, the plan's chatter says so."""
        self._safety_check_state(("draft",), self.env._("sent again"))
        today = fields.Date.context_today(self)
        days = self.env["safety.plan"]._get_days_setting(
            FOLLOW_UP_PARAM, DEFAULT_FOLLOW_UP_DAYS, minimum=1
        )
        for referral in self:
            referral._safety_check_gate()
            overridden = not referral._safety_valid_consent()
            vals = {
                "state": "sent",
                "sent_date": today,
                "sent_by_id": self.env.uid,
                "follow_up_date": referral.follow_up_date or today + timedelta(days=days),
            }
            if overridden:
                vals["override_user_id"] = self.env.uid
            referral._safety_workflow_write(vals)
            if overridden:
                body = self.env._(
                    "Referral to %(partner)s sent WITHOUT a release of information by "
                    "%(user)s: %(reason)s",
                    partner=referral.partner_id.name,
                    user=self.env.user.name,
                    # sudo: the reason's field is for members; this runs for a member
                    reason=referral.sudo().override_reason,
                )
            else:
                body = self.env._(
                    "Referral to %(partner)s sent under the release signed %(signed)s; "
                    "follow up on %(follow_up)s if no answer comes.",
                    partner=referral.partner_id.name,
                    signed=format_date(self.env, referral.consent_id.signed_date),
                    follow_up=format_date(self.env, referral.follow_up_date),
                )
            referral._safety_note(body)
        # a referral sent is a service given (A3/A4), counted for the funder
        # sudo: the member sent the referral (checked above); a service's link
        # to its referral is set by Odoo only
        self.env["safety.service"].sudo()._safety_create_from_values(self._safety_service_values())
        return True

    def action_accept(self):
        self._safety_check_state(("sent",), self.env._("accepted"))
        self._safety_answer("accepted")
        for referral in self:
            referral._safety_note(
                self.env._("%(partner)s accepted the referral.", partner=referral.partner_id.name)
            )
        return True

    def action_decline(self):
        self._safety_check_state(("sent",), self.env._("declined"))
        for referral in self:
            # sudo: the reason's field is for members; this runs for a member
            if not (referral.sudo().decline_reason or "").strip():
                raise UserError(
                    self.env._(
                        "Write in “Reason for Declining” what %(partner)s said when it "
                        "declined the referral.",
                        partner=referral.partner_id.name,
                    )
                )
        self._safety_answer("declined")
        for referral in self:
            referral._safety_note(
                self.env._(
                    "%(partner)s declined the referral: %(reason)s",
                    partner=referral.partner_id.name,
                    reason=referral.sudo().decline_reason,
                )
            )
        return True

    def action_complete(self):
        """The loop closes: the survivor was connected with the service, or
        not, and why."""
        self._safety_check_state(("sent", "accepted"), self.env._("completed"))
        for referral in self:
            if not referral.outcome:
                raise UserError(
                    self.env._(
                        "Choose the “Outcome” of referral to %(partner)s: connected or not "
                        "connected.",
                        partner=referral.partner_id.name,
                    )
                )
            # sudo: the reason's field is for members; this runs for a member
            if (
                referral.outcome == "not_connected"
                and not (referral.sudo().outcome_reason or "").strip()
            ):
                raise UserError(
                    self.env._(
                        "Write in “Why Not Connected” why the survivor did not get the "
                        "service from %(partner)s.",
                        partner=referral.partner_id.name,
                    )
                )
        today = fields.Date.context_today(self)
        for referral in self:
            vals = {"state": "completed", "completed_date": today}
            if not referral.answer_date:
                vals["answer_date"] = today
            referral._safety_workflow_write(vals)
            labels = dict(self._fields["outcome"]._description_selection(self.env))
            referral._safety_note(
                self.env._(
                    "Referral to %(partner)s completed: %(outcome)s.",
                    partner=referral.partner_id.name,
                    outcome=labels[referral.outcome],
                )
            )
        self._safety_withdraw_follow_up()
        return True

    def action_revoke(self):
        """We withdraw the referral: the organisation is to be told by the
        advocate; nothing more is sent."""
        self._safety_check_state(OPEN_STATES, self.env._("revoked"))
        self._safety_revoke(self.env._("withdrawn by %(user)s", user=self.env.user.name))
        return True

    def action_reset_to_draft(self):
        """A draft sent by mistake never left: only a referral sent today
        without a sheet e-mailed goes back to draft."""
        today = fields.Date.context_today(self)
        for referral in self:
            if (
                referral.state != "sent"
                or referral.sent_date != today
                or (referral.sheet_attachment_id)
            ):
                raise UserError(
                    self.env._(
                        "Referral to %(partner)s can't go back to draft: only a referral "
                        "marked as sent today, whose sheet was not e-mailed, can. Revoke "
                        "it instead.",
                        partner=referral.partner_id.name,
                    )
                )
        self._safety_withdraw_follow_up()
        self._safety_workflow_write(
            {
                "state": "draft",
                "sent_date": False,
                "sent_by_id": False,
                "override_user_id": False,
                "followed_up_date": False,
            }
        )
        return True

    def _safety_answer(self, state):
        today = fields.Date.context_today(self)
        self._safety_workflow_write({"state": state, "answer_date": today})
        self._safety_withdraw_follow_up()

    def _safety_revoke(self, reason):
        today = fields.Date.context_today(self)
        # sudo: a release's revocation or expiry ends its referrals whoever acts
        for referral in self.sudo():
            referral.write({"state": "revoked", "revoked_date": today, "revoke_reason": reason})
            referral.plan_id.message_post(
                body=self.env._(
                    "Referral to %(partner)s revoked (%(reason)s): tell them, and share "
                    "nothing more.",
                    partner=referral.partner_id.name,
                    reason=reason,
                ),
                message_type="notification",
                subtype_xmlid="mail.mt_note",
            )
        self.sudo()._safety_withdraw_follow_up()

    def _safety_revoke_for_release(self):
        """The release these referrals were sent under was revoked or expired:
        the open ones end."""
        open_referrals = self.filtered(lambda r: r.state in OPEN_STATES)
        revoked = open_referrals.filtered(lambda r: r.consent_id.revoked_date)
        revoked._safety_revoke(self.env._("the release of information was revoked"))
        (open_referrals - revoked)._safety_revoke(self.env._("the release of information expired"))

    def _safety_withdraw_follow_up(self):
        # sudo: the follow-up activity is the scheduler's; it goes with the answer
        activities = self.sudo().follow_up_activity_id
        if activities:
            activities.unlink()

    # the sheet --------------------------------------------------------------------
    def _safety_sheet_lang(self):
        """The sheet is read by the organisation: in its language."""
        self.ensure_one()
        # sudo: the organisation's language only
        partner = self.partner_id.sudo()
        return partner.lang or self.env.company.partner_id.lang or self.env.lang or "en_US"

    def _safety_sheet_values(self):
        """What the sheet prints: the survivor's name and how to address them,
        the services asked for, who refers; and only what the release lets
        the organisation know. An override carries nothing more."""
        self.ensure_one()
        self._safety_check_gate()
        consent = self._safety_valid_consent()
        survivor = self.plan_id.survivor_id
        lang = self._safety_sheet_lang()
        languages = dict(self.env["res.lang"].get_installed())
        values = {
            "lang": lang,
            "direction": self.env["res.lang"]._get_data(code=lang).direction or "ltr",
            "name": survivor.name,
            "preferred_name": survivor.preferred_name
            if survivor.preferred_name != survivor.name
            else False,
            "pronouns": survivor.pronouns,
            "language": languages.get(survivor.lang, survivor.lang) if survivor.lang else False,
            "services": self.service_ids.with_context(lang=lang).mapped("name"),
            "consent": consent,
            "contact": False,
            "address": False,
            "birthdate": False,
            "situation": False,
        }
        if consent.is_contact_shared:
            values["contact"] = {
                "phone": survivor.phone_national,
                "email": survivor.email,
                "safe": survivor.with_context(lang=lang)._safety_safe_contact_summary(),
                "times": survivor.safe_contact_times,
                "notes": survivor.safe_contact_notes,
            }
        if consent.is_address_shared:
            # an enrolled survivor's real address is never written down
            source = survivor.acp_program_id if survivor.is_acp_enrolled else survivor
            lines = [
                source.street,
                source.street2,
                " ".join(filter(None, [source.zip, source.city])),
                source.state_id.name,
                source.country_id.with_context(lang=lang).name,
            ]
            values["address"] = [line for line in lines if line]
        if consent.is_birthdate_shared and survivor.birthdate:
            values["birthdate"] = survivor.birthdate
        if consent.is_situation_shared:
            plan = self.plan_id.with_context(lang=lang)
            situations = dict(plan._fields["situation_type"]._description_selection(plan.env))
            levels = dict(plan._fields["risk_level"]._description_selection(plan.env))
            values["situation"] = {
                "type": situations.get(plan.situation_type),
                "risk": levels.get(plan.risk_level),
                # sudo: the reason's field is for members; this runs for a member
                "reason": self.sudo().reason,
            }
        return values

    def action_print_sheet(self):
        self.ensure_one()
        self._safety_check_gate()
        return self.env.ref(REFERRAL_REPORT).report_action(self)

    def action_send_by_email(self):
        """The e-mail dialog: only through the channel the release allows."""
        self.ensure_one()
        self._safety_check_state(("draft", "sent", "accepted"), self.env._("e-mailed"))
        self._safety_check_gate()
        self._safety_email_to()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send Referral Sheet"),
            "res_model": "safety.referral.send.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_referral_id": self.id},
        }

    def _safety_email_to(self):
        """The address the release lets the sheet be e-mailed to; refuses
        when it allows none."""
        self.ensure_one()
        consent = self._safety_valid_consent()
        email = consent._safety_email_to() if consent else False
        if not email:
            raise UserError(
                self.env._(
                    "The referral sheet to %(partner)s can't be e-mailed: %(why)s Print it "
                    "and give it by hand, or record a release that allows e-mail.",
                    partner=self.partner_id.name,
                    why=self.env._(
                        "no active signed release names the organisation (an override "
                        "allows no e-mail)."
                    )
                    if not consent
                    else self.env._(
                        "the survivor's release does not allow e-mail, or gives no address."
                    ),
                )
            )
        return email

    def _safety_sheet_email(self):
        """Subject and body of the e-mail carrying the sheet, in the
        organisation's language: who refers and how to answer, nobody named."""
        self.ensure_one()
        lang = self._safety_sheet_lang()
        referral = self.with_context(lang=lang)
        company = self.plan_id.company_id or self.env.company
        subject = referral.env._(
            "Referral from %(agency)s (%(ref)s)", agency=company.name, ref=self.plan_id.name
        )
        body = (
            self.env["ir.qweb"]
            .with_context(lang=lang)
            ._render(
                "victim_safety_planning.safety_referral_sheet_email",
                {
                    "referral": referral,
                    "company": company,
                    "user": self.env.user,
                    "services": self.service_ids.with_context(lang=lang).mapped("name"),
                },
            )
        )
        return subject, body

    def _safety_send_sheet(self, email_to, subject, body):
        """E-mail the sheet, rendered in the organisation's language, to the
        address the release allows; the referral is sent if it was a draft.
        The organisation is no follower and gets nothing else."""
        self.ensure_one()
        self._safety_check_gate()
        if email_to != self._safety_email_to():
            raise UserError(
                self.env._(
                    "The referral sheet goes to the address the release allows only: " "%(email)s.",
                    email=self._safety_email_to(),
                )
            )
        if self.state == "draft":
            self.action_send()
        pdf, _type = (
            self.env["ir.actions.report"]
            .with_context(lang=self._safety_sheet_lang())
            ._render_qweb_pdf(REFERRAL_REPORT, self.ids)
        )
        filename = self.env._("Referral %(ref)s.pdf", ref=self.plan_id.name).replace("/", "-")
        # sudo: the attachment belongs to the referral, readable as the referral is
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": filename,
                    "datas": base64.b64encode(pdf),
                    "res_model": self._name,
                    "res_id": self.id,
                    "mimetype": "application/pdf",
                }
            )
        )
        # sudo: outgoing mail is queued by the system; no record, no follower,
        # no notification: a plain message to the one address the release allows
        self.env["mail.mail"].sudo().create(
            {
                "subject": subject,
                "body_html": body,
                "email_to": email_to,
                "email_from": self.env.user.email_formatted or self.env.company.email_formatted,
                "author_id": self.env.user.partner_id.id,
                "attachment_ids": [(4, attachment.id)],
                "auto_delete": True,
            }
        )
        self._safety_workflow_write({"sheet_attachment_id": attachment.id})
        self._safety_log_access("send")
        self._safety_note(
            self.env._(
                "Referral sheet e-mailed to %(email)s (%(partner)s) by %(user)s.",
                email=email_to,
                partner=self.partner_id.name,
                user=self.env.user.name,
            )
        )
        return attachment

    # funder reporting -------------------------------------------------------------
    def _safety_service_code(self):
        """VOCA PMT: A3 for a victim service program, A4 for other services."""
        self.ensure_one()
        # sudo: only the organisation's resource type is read
        kind = self.partner_id.sudo().safety_resource_type
        return "A3" if kind in VICTIM_SERVICE_RESOURCE_TYPES else "A4"

    def _safety_service_values(self):
        """The service a sent referral counts as, for ``safety.service``:
        one per referral, on the day it was sent, by whom sent it."""
        return [
            {
                "date": referral.sent_date or referral.date,
                "survivor_id": referral.plan_id.survivor_id.id,
                "plan_id": referral.plan_id.id,
                "service_code": referral._safety_service_code(),
                "user_id": (referral.sent_by_id or self.env.user).id,
                "referral_id": referral.id,
            }
            for referral in self
        ]

    # scheduler --------------------------------------------------------------------
    @api.model
    def _cron_follow_up(self):
        return self._safety_follow_up()

    @api.model
    def _safety_follow_up(self, domain=None, batch_size=CRON_BATCH_SIZE):
        """End the open referrals whose release was revoked or expired, and
        give the plan's advocate one follow-up activity per follow-up date
        passed without an answer. Idempotent, in batches committed one by one
        in a cron run; rows users hold are left for the next run."""
        today = fields.Date.context_today(self)
        Referral = self.sudo().with_context(active_test=False)
        base = Domain(domain or Domain.TRUE)
        ended = Referral._search(
            base
            & Domain("state", "in", OPEN_STATES)
            & Domain("consent_id", "!=", False)
            & (
                Domain("consent_id.revoked_date", "!=", False)
                | Domain("consent_id.expiry_date", "<", today)
            )
        )
        due = Referral.search(
            base
            & Domain("state", "=", "sent")
            & Domain("follow_up_date", "<=", today)
            & Domain("plan_id.active", "=", True)
        )
        ended_ids = list(ended)
        # one reminder per follow-up date: a date moved later is reminded again
        due_ids = due.filtered(lambda r: r.followed_up_date != r.follow_up_date).ids
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        Cron = self.env["ir.cron"]
        if in_cron:
            Cron._commit_progress(remaining=len(ended_ids) + len(due_ids))
        done = 0
        for method, ids in (("_safety_end_batch", ended_ids), ("_safety_follow_up_batch", due_ids)):
            for start in range(0, len(ids), batch_size):
                batch = Referral.browse(ids[start : start + batch_size]).try_lock_for_update()
                count = getattr(batch, method)()
                done += count
                if in_cron:
                    Cron._commit_progress(len(ids[start : start + batch_size]))
        return done

    def _safety_end_batch(self):
        """Referrals of a locked batch whose release ended, re-read as committed."""
        today = fields.Date.context_today(self)
        self.invalidate_recordset()
        ended = self.filtered(
            lambda r: r.state in OPEN_STATES
            and r.consent_id
            and (r.consent_id.revoked_date or r.consent_id.expiry_date < today)
        )
        ended._safety_revoke_for_release()
        return len(ended)

    def _safety_follow_up_batch(self):
        """One follow-up activity per referral of a locked batch and per
        follow-up date, for the plan's advocate."""
        today = fields.Date.context_today(self)
        self.invalidate_recordset()
        due = self.filtered(
            lambda r: r.state == "sent"
            and r.follow_up_date
            and r.follow_up_date <= today
            and r.followed_up_date != r.follow_up_date
        )
        due.follow_up_activity_id.unlink()
        # assignees must be safety members (mail.activity checks it); a plan
        # left with a former advocate shows in the supervisors' intake queue
        remind = due.filtered(lambda r: r.plan_id.advocate_id._is_safety_member())
        activity_type = self.env.ref(FOLLOW_UP_TYPE)
        model_id = self.env["ir.model"]._get_id("safety.plan")
        activities = (
            self.env["mail.activity"]
            .with_context(
                mail_activity_quick_update=True,
                tracking_disable=True,
                safety_scheduler_activity=True,
            )
            .create(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": referral.plan_id.id,
                        "activity_type_id": activity_type.id,
                        "summary": referral.with_context(
                            lang=referral.plan_id.advocate_id.lang or self.env.lang
                        )._safety_follow_up_summary(),
                        "date_deadline": referral.follow_up_date,
                        "user_id": referral.plan_id.advocate_id.id,
                    }
                    for referral in remind
                ]
            )
        )
        for referral, activity in zip(remind, activities, strict=True):
            referral.write(
                {"follow_up_activity_id": activity.id, "followed_up_date": referral.follow_up_date}
            )
        (due - remind).write({"follow_up_activity_id": False})
        return len(due)

    def _safety_follow_up_summary(self):
        self.ensure_one()
        return self.env._(
            "No answer from %(partner)s to the referral sent on %(date)s: call them",
            partner=self.partner_id.name,
            date=format_date(self.env, self.sent_date),
        )
