from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL
from odoo.tools.misc import format_date

# what the survivor agrees to when signing: fixed once signed
SIGNED_TERMS = frozenset(
    {
        "plan_id",
        "recipient_id",
        "purpose",
        "scope",
        "expiry_date",
        "signature",
        "signed_by",
        "is_signed_on_paper",
        "is_contact_shared",
        "is_address_shared",
        "is_birthdate_shared",
        "is_situation_shared",
        "is_email_allowed",
        "share_email",
    }
)


class SafetyConsent(models.Model):
    """A release of information signed by the survivor: what the agency may
    share, with whom and until when. Releases are always time-limited."""

    _name = "safety.consent"
    _description = "Release of Information"
    _inherit = [
        "safety.plan.child.mixin",
        "safety.survivor.name.mixin",
        "safety.expiry.reminder.mixin",
        "safety.validity.mixin",
    ]
    _order = "signed_date desc, id desc"
    _rec_names_search = ["recipient_id", "purpose"]
    _safety_reminder_kind = "consent"
    _safety_reminder_activity_type = (
        "victim_safety_planning.mail_activity_type_safety_consent_expiring"
    )
    _safety_validity_date_fields = ("signed_date", "expiry_date")

    # not required in the database: a contact stays deletable by whoever may
    # delete contacts; the release keeps the name (_check_recipient asks for one)
    recipient_id = fields.Many2one(
        "res.partner",
        ondelete="set null",
        help="The organisation or person who may receive the information.",
    )
    recipient_name = fields.Char(
        compute="_compute_recipient_name",
        store=True,
        help="The recipient's name, kept when their contact is deleted.",
    )
    purpose = fields.Char(required=True, help="Why the information is shared.")
    scope = fields.Text(required=True, help="What may be shared, and what may not.")
    signed_date = fields.Date(required=True, default=fields.Date.context_today)
    expiry_date = fields.Date(
        required=True, help="Releases are time-limited: the date the survivor agreed to."
    )
    revoked_date = fields.Date(readonly=True, copy=False)
    # the survivor's written consent: signed on screen, or on the printed release
    signature = fields.Image(
        copy=False,
        max_width=1024,
        max_height=512,
        groups="victim_safety_planning.group_safety_advocate",
        help="The survivor signs here, on screen.",
    )
    signed_by = fields.Char(
        copy=False, help="Who signed: the survivor, or the parent or guardian of a minor."
    )
    is_signed_on_paper = fields.Boolean(
        string="Signed on Paper",
        copy=False,
        help="The survivor signed the printed release; file the signed paper with the "
        "survivor's records.",
    )
    is_signed = fields.Boolean(
        string="Signed",
        compute="_compute_is_signed",
        store=True,
        index=True,
        help="A release gates nothing until the survivor has signed it.",
    )
    state = fields.Selection(
        [
            ("awaiting", "Awaiting Signature"),
            ("active", "Active"),
            ("expiring", "Expiring Soon"),
            ("expired", "Expired"),
            ("revoked", "Revoked"),
        ],
        string="Status",
        compute="_compute_state",
        search="_search_state",
    )
    # what a referral sheet to the recipient may carry, besides the survivor's
    # name, pronouns and language, and how it may be sent
    is_contact_shared = fields.Boolean(
        string="Contact Details",
        help="Phone, e-mail, the safe ways and times to reach the survivor and what to "
        "say if someone else answers.",
    )
    is_address_shared = fields.Boolean(
        string="Address",
        help="The survivor's address (the program's substitute address when they are "
        "enrolled in an address confidentiality program).",
    )
    is_birthdate_shared = fields.Boolean(string="Date of Birth")
    is_situation_shared = fields.Boolean(
        string="Situation",
        help="The kind of situation, the risk level and the reason for the referral.",
    )
    is_email_allowed = fields.Boolean(
        string="May Be Sent by E-mail",
        help="The survivor agreed that the referral sheet is e-mailed to the recipient.",
    )
    share_email = fields.Char(
        string="E-mail To",
        help="The address the survivor agreed to, when it is not the recipient's own.",
    )
    referral_ids = fields.One2many("safety.referral", "consent_id", string="Referrals")

    @api.onchange("signed_date", "expiry_date")
    def _onchange_dates(self):
        return self._safety_dates_warning()

    def _safety_dates_error(self):
        self.ensure_one()
        today = fields.Date.context_today(self)
        if self.signed_date and self.signed_date > today:
            return self.env._(
                "The Signed Date %(date)s is in the future: record a release once "
                "the survivor has signed it, with the date of the signature.",
                date=format_date(self.env, self.signed_date),
            )
        if self.signed_date and self.expiry_date and self.expiry_date < self.signed_date:
            return self.env._(
                "The Expiry Date %(expiry)s is before the Signed Date %(signed)s: "
                "a release ends on or after the day it is signed. Check both dates "
                "on the signed form.",
                expiry=format_date(self.env, self.expiry_date),
                signed=format_date(self.env, self.signed_date),
            )
        return False

    @api.depends("recipient_id.name")
    def _compute_recipient_name(self):
        for consent in self:
            if consent.recipient_id:
                consent.recipient_name = consent.recipient_id.name

    # "purpose" is in every create: a release is never recorded without a recipient
    @api.constrains("recipient_id", "purpose")
    def _check_recipient(self):
        for consent in self:
            if not consent.recipient_id:
                raise ValidationError(
                    self.env._(
                        "Choose the “Recipient” of the release of information: the "
                        "organisation or person the survivor agreed to share with."
                    )
                )

    @api.depends("recipient_id")
    def _compute_display_name(self):
        # the names come from _safety_display_name; the mixin masks them
        return super()._compute_display_name()

    def _safety_display_name(self):
        self.ensure_one()
        return self.env._(
            "Release to %(recipient)s",
            recipient=self.recipient_id.display_name or self.recipient_name or "?",
        )

    @api.depends("signature", "is_signed_on_paper")
    def _compute_is_signed(self):
        # sudo: whether there is a signature, not the image (members only)
        for consent in self:
            consent.is_signed = bool(consent.is_signed_on_paper or consent.sudo().signature)

    @api.depends("revoked_date", "expiry_date", "is_signed")
    def _compute_state(self):
        for consent in self:
            if consent.revoked_date:
                consent.state = "revoked"
            elif not consent.is_signed:
                consent.state = "awaiting"
            else:
                consent.state = consent._safety_expiry_state()

    def _search_state(self, operator, value):
        if operator != "in":
            return NotImplemented
        live = Domain("revoked_date", "=", False)
        signed = live & Domain("is_signed", "=", True)
        domains = {
            state: signed & domain for state, domain in self._safety_expiry_state_domains().items()
        }
        domains["awaiting"] = live & Domain("is_signed", "=", False)
        domains["revoked"] = Domain("revoked_date", "!=", False)
        return Domain.OR(domains[v] for v in value if v in domains)

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = self._safety_own_values(vals_list, "create")
        if not self.env.su and any(vals.get("revoked_date") for vals in vals_list):
            raise UserError(
                self.env._("A release is revoked with its “Revoke” button, once recorded.")
            )
        # checked before the database refuses the row with a bare NOT NULL error
        default_expiry = None
        for vals in vals_list:
            if "expiry_date" in vals:
                expiry = vals["expiry_date"]
            else:
                if default_expiry is None:
                    default_expiry = self.default_get(["expiry_date"]).get("expiry_date") or False
                expiry = default_expiry
            if not expiry:
                raise self._missing_expiry_error()
        consents = super().create(vals_list)
        consents._post_on_plan()
        return consents

    def _post_on_plan(self):
        """A note on the plan's chatter: to whom and until when, as the plan's
        Releases page shows it (never what may be shared)."""
        for consent in self:
            consent.plan_id.message_post(
                body=self.env._(
                    "Release of information to %(recipient)s recorded: signed %(signed)s, "
                    "expires %(expiry)s.",
                    recipient=consent.recipient_id.display_name,
                    signed=format_date(self.env, consent.signed_date),
                    expiry=format_date(self.env, consent.expiry_date),
                ),
                message_type="notification",
                subtype_xmlid="mail.mt_note",
            )

    def write(self, vals):
        vals = self._safety_own_values([vals], "write")[0]
        if "expiry_date" in vals and not vals["expiry_date"]:
            raise self._missing_expiry_error()
        # what the survivor signed stays as signed: a change is a new release
        if not self.env.su and any(consent.is_signed for consent in self):
            changed = set(vals) & SIGNED_TERMS
            if changed:
                raise UserError(
                    self.env._(
                        "This release is signed: “%(fields)s” can't be changed any more, the "
                        "survivor agreed to it as it is. Record a new release and have it "
                        "signed, or revoke this one.",
                        fields="”, “".join(
                            self._fields[name]._description_string(self.env)
                            for name in sorted(changed)
                        ),
                    )
                )
        unsigned = self.filtered(lambda consent: not consent.is_signed)
        if vals.get("signature"):
            # signed on screen today
            vals = dict(
                vals, signed_date=vals.get("signed_date") or fields.Date.context_today(self)
            )
        # superuser paths (demo data, migrations) aside, a revoked release stays
        # revoked and as it was: the survivor withdrew it
        if not self.env.su and (
            "revoked_date" in vals or any(consent.revoked_date for consent in self)
        ):
            raise UserError(
                self.env._(
                    "A release is revoked with its “Revoke” button, and a revoked release "
                    "can't be changed or restored: record a new release if the survivor "
                    "signs one."
                )
            )
        result = super().write(vals)
        signed_now = unsigned.filtered("is_signed")
        if signed_now:
            signed_now._post_signed("screen" if vals.get("signature") else "paper")
        return result

    @api.constrains("purpose", "scope")
    def _check_texts(self):
        for consent in self:
            for field_name in ("purpose", "scope"):
                if not (consent[field_name] or "").strip():
                    raise ValidationError(
                        self.env._(
                            "Fill in “%(field)s” of the release of information: say %(what)s.",
                            field=consent._fields[field_name]._description_string(self.env),
                            what=self.env._("why the information is shared")
                            if field_name == "purpose"
                            else self.env._("what may be shared, and what may not"),
                        )
                    )

    def action_revoke(self):
        """The survivor withdrew the release: nothing more may be shared. The
        plan's chatter says so, naming only the recipient."""
        today = fields.Date.context_today(self)
        # a release awaiting its signature can be withdrawn too: the survivor declined
        for consent in self.filtered(lambda c: c.state in ("awaiting", "active", "expiring")):
            consent.check_access("write")
            # sudo: the revocation date is the system's; the right was checked above
            consent.sudo().write({"revoked_date": today})
            consent.referral_ids._safety_revoke_for_release()
            consent.plan_id.message_post(
                body=self.env._(
                    "Release of information to %(recipient)s revoked: share nothing more "
                    "with them.",
                    recipient=consent.recipient_id.display_name,
                ),
                message_type="notification",
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _safety_allows_referral_to(self, partner):
        """Whether this release lets a referral go to ``partner`` today:
        signed, neither revoked nor expired, and naming that organisation.
        The one gate referrals ask."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        # a release awaiting its signature gates nothing
        if not self.is_signed:
            return False
        return bool(
            partner
            and self.signed_date
            and self.signed_date <= today
            and not self.revoked_date
            and self.expiry_date
            and self.expiry_date >= today
            and self.state in ("active", "expiring")
            and self.recipient_id.commercial_partner_id == partner.commercial_partner_id
        )

    def _safety_email_to(self):
        """The address the release lets a referral sheet be e-mailed to, or False."""
        self.ensure_one()
        if not self.is_email_allowed:
            return False
        return (self.share_email or self.recipient_id.email or "").strip() or False

    def action_sign_on_paper(self):
        """The survivor signed the printed release: it takes effect."""
        self.filtered(lambda consent: not consent.is_signed).write({"is_signed_on_paper": True})
        return True

    def action_print_release(self):
        self.ensure_one()
        return self.env.ref("victim_safety_planning.action_report_safety_consent").report_action(
            self, config=False
        )

    def _post_signed(self, how):
        for consent in self:
            body = (
                self.env._(
                    "Release of information to %(recipient)s signed on paper: it is in effect.",
                    recipient=consent.recipient_id.display_name,
                )
                if how == "paper"
                else self.env._(
                    "Release of information to %(recipient)s signed on screen: it is in effect.",
                    recipient=consent.recipient_id.display_name,
                )
            )
            consent.plan_id.message_post(
                body=body, message_type="notification", subtype_xmlid="mail.mt_note"
            )

    def _safety_release_lang(self):
        """The release prints in the survivor's language."""
        self.ensure_one()
        return self.plan_id.survivor_id.lang or self.env.lang or "en_US"

    def _safety_release_direction(self):
        self.ensure_one()
        return self.env["res.lang"]._get_data(code=self._safety_release_lang()).direction or "ltr"

    def _safety_release_shared(self):
        """What the release lets the agency share, as the printed release
        lists it, in the reader's language."""
        self.ensure_one()
        return [
            self._fields[name]._description_string(self.env)
            for name in (
                "is_contact_shared",
                "is_address_shared",
                "is_birthdate_shared",
                "is_situation_shared",
                "is_email_allowed",
            )
            if self[name]
        ]

    # expiry reminders ---------------------------------------------------------
    @api.model
    def _safety_reminder_live_sql(self, alias):
        return SQL("%s.revoked_date IS NULL AND %s.is_signed", alias, alias)

    def _safety_reminder_summary(self):
        return self.env._(
            "Release of information to %(recipient)s expires on %(date)s: renew it with "
            "the survivor or let it lapse",
            recipient=self.recipient_id.name,
            date=self._safety_format_expiry(),
        )

    @api.model
    def _missing_expiry_error(self):
        return ValidationError(
            self.env._(
                "Fill in the Expiry Date of the release of information: releases are "
                "time-limited, and the survivor agrees to share until a given date only."
            )
        )
