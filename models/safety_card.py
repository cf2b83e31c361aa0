import base64
import io
import secrets
from datetime import timedelta

import qrcode

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL


class SafetyCard(models.Model):
    """A wallet card issued for a plan. Its QR code holds only a URL with a
    random token: whoever finds the card learns nothing about the survivor."""

    _name = "safety.card"
    _description = "Safety Plan Card"
    _inherit = ["safety.confidential.mixin", "safety.expiry.reminder.mixin"]
    _order = "issue_date desc, id desc"
    _rec_name = "number"

    plan_id = fields.Many2one(
        "safety.plan", string="Plan", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    token = fields.Char(
        required=True,
        copy=False,
        readonly=True,
        default=lambda self: secrets.token_urlsafe(24),
        groups="victim_safety_planning.group_safety_advocate",
        help="192 random bits: the only thing the QR code carries.",
    )
    number = fields.Char(
        string="Card Number",
        required=True,
        copy=False,
        readonly=True,
        default=lambda self: self._new_number(),
        help="Short number printed on the card, to tell cards apart by phone.",
    )
    issue_date = fields.Date(required=True, default=fields.Date.context_today, readonly=True)
    expiry_date = fields.Date(
        required=True, default=lambda self: fields.Date.context_today(self) + timedelta(days=365)
    )
    issued_by_id = fields.Many2one(
        "res.users", string="Issued By", required=True, default=lambda self: self.env.user
    )
    revoked_date = fields.Date(readonly=True, copy=False)
    state = fields.Selection(
        [("active", "Active"), ("revoked", "Revoked"), ("expired", "Expired")],
        compute="_compute_state",
        search="_search_state",
    )
    is_discreet = fields.Boolean(string="Discreet", default=True)
    lang = fields.Char(string="Language", help="Language the card was printed in.")
    name_on_card = fields.Char(groups="victim_safety_planning.group_safety_advocate")
    code_word = fields.Char(groups="victim_safety_planning.group_safety_advocate")
    contact_limit = fields.Integer(default=3)
    resource_ids = fields.Many2many(
        "res.partner", string="Hotlines", domain=[("safety_resource_type", "!=", False)]
    )

    _token_uniq = models.Constraint("UNIQUE(token)", "A card token must be unique.")
    _number_uniq = models.Constraint("UNIQUE(number)", "A card number must be unique.")

    @api.model
    def _new_number(self):
        alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
        return "".join(secrets.choice(alphabet) for _i in range(8))

    @api.depends("revoked_date", "expiry_date")
    def _compute_state(self):
        today = fields.Date.context_today(self)
        for card in self:
            if card.revoked_date:
                card.state = "revoked"
            elif card.expiry_date and card.expiry_date < today:
                card.state = "expired"
            else:
                card.state = "active"

    def _search_state(self, operator, value):
        if operator != "in":
            return NotImplemented
        today = fields.Date.context_today(self)
        domains = {
            "revoked": Domain("revoked_date", "!=", False),
            "expired": Domain("revoked_date", "=", False) & Domain("expiry_date", "<", today),
            "active": Domain("revoked_date", "=", False) & Domain("expiry_date", ">=", today),
        }
        return Domain.OR(domains[v] for v in value if v in domains)

    def action_revoke(self):
        self.filtered(lambda c: c.state == "active").write(
            {"revoked_date": fields.Date.context_today(self)}
        )
        return True

    # expiry reminders ---------------------------------------------------------
    @api.model
    def _safety_reminder_kind(self):
        return "card"

    @api.model
    def _safety_reminder_activity_type(self):
        return "victim_safety_planning.mail_activity_type_safety_card_expiring"

    @api.model
    def _safety_reminder_live_sql(self, alias):
        # a card replaced by a newer one that outlives it needs no reminder
        return SQL(
            """(%(card)s.revoked_date IS NULL AND NOT EXISTS (
                    SELECT 1 FROM safety_card newer
                     WHERE newer.plan_id = %(card)s.plan_id AND newer.revoked_date IS NULL
                       AND newer.expiry_date > %(card)s.expiry_date))""",
            card=alias,
        )

    def _safety_reminder_summary(self):
        return self.env._(
            "Card %(number)s expires on %(date)s: print a new one",
            number=self.number,
            date=self._safety_format_expiry(),
        )

    # printing -----------------------------------------------------------------
    def _verification_url(self):
        self.ensure_one()
        base = self.get_base_url()
        return f"{base}/safety/card/{self.sudo().token}"

    def _qr_data_uri(self):
        image = qrcode.make(self._verification_url(), box_size=8, border=2)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()

    def _card_contacts(self):
        self.ensure_one()
        contacts = self.plan_id.emergency_contact_ids.filtered("is_safe_to_call")
        return contacts[: self.contact_limit]

    def _card_locations(self):
        self.ensure_one()
        return self.plan_id.location_ids[:3]

    def _safety_log_access_as_scan(self):
        # card scans come from anyone: log them whoever scans, ids only
        self.env["safety.access.log"]._log(self, "scan")
