from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL
from odoo.tools.misc import format_date


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
    _safety_reminder_kind = "consent"
    _safety_reminder_activity_type = (
        "victim_safety_planning.mail_activity_type_safety_consent_expiring"
    )
    _safety_validity_date_fields = ("signed_date", "expiry_date")

    recipient_id = fields.Many2one(
        "res.partner",
        required=True,
        ondelete="restrict",
        help="The organisation or person who may receive the information.",
    )
    purpose = fields.Char(required=True, help="Why the information is shared.")
    scope = fields.Text(required=True, help="What may be shared, and what may not.")
    signed_date = fields.Date(required=True, default=fields.Date.context_today)
    expiry_date = fields.Date(
        required=True, help="Releases are time-limited: the date the survivor agreed to."
    )
    revoked_date = fields.Date(readonly=True, copy=False)
    state = fields.Selection(
        [
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

    @api.depends("recipient_id")
    def _compute_display_name(self):
        # the names come from _safety_display_name; the mixin masks them
        return super()._compute_display_name()

    def _safety_display_name(self):
        self.ensure_one()
        return self.env._(
            "Release to %(recipient)s", recipient=self.recipient_id.display_name or "?"
        )

    @api.depends("revoked_date", "expiry_date")
    def _compute_state(self):
        for consent in self:
            consent.state = "revoked" if consent.revoked_date else consent._safety_expiry_state()

    def _search_state(self, operator, value):
        if operator != "in":
            return NotImplemented
        live = Domain("revoked_date", "=", False)
        domains = {
            state: live & domain for state, domain in self._safety_expiry_state_domains().items()
        }
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
        return super().write(vals)

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
        for consent in self.filtered(lambda c: c.state in ("active", "expiring")):
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
        if "signature" in self._fields and not self.signature:
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

    # expiry reminders ---------------------------------------------------------
    @api.model
    def _safety_reminder_live_sql(self, alias):
        return SQL("%s.revoked_date IS NULL", alias)

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
