from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .safety_access_log import (
    CURIOSITY_THRESHOLD_PARAM,
    DEFAULT_CURIOSITY_THRESHOLD,
    DEFAULT_RETENTION_DAYS,
    RETENTION_PARAM,
)
from .safety_card import CARD_BASE_URL_PARAM
from .safety_court_hearing import DEFAULT_HEARING_REMINDER_DAYS, HEARING_REMINDER_PARAM
from .safety_plan import (
    DEFAULT_FIRST_CONTACT_DAYS,
    DEFAULT_REMINDER_DAYS,
    DEFAULT_REVIEW_INTERVALS,
    FIRST_CONTACT_PARAM,
    MAX_DAYS,
)
from .safety_referral import DEFAULT_FOLLOW_UP_DAYS, FOLLOW_UP_PARAM

# Odoo's CRM Lead Enrichment (module crm_iap_enrich): its mode and its cron
LEAD_ENRICH_PARAM = "crm.iap.lead.enrich.setting"
LEAD_ENRICH_CRON = "crm_iap_enrich.ir_cron_lead_enrichment"


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    safety_review_days_critical = fields.Integer(
        string="Critical risk",
        config_parameter="victim_safety_planning.review_days_critical",
        default=DEFAULT_REVIEW_INTERVALS["critical"],
    )
    safety_review_days_high = fields.Integer(
        string="High risk",
        config_parameter="victim_safety_planning.review_days_high",
        default=DEFAULT_REVIEW_INTERVALS["high"],
    )
    safety_review_days_medium = fields.Integer(
        string="Medium risk",
        config_parameter="victim_safety_planning.review_days_medium",
        default=DEFAULT_REVIEW_INTERVALS["medium"],
    )
    safety_review_days_low = fields.Integer(
        string="Low risk",
        config_parameter="victim_safety_planning.review_days_low",
        default=DEFAULT_REVIEW_INTERVALS["low"],
    )
    safety_review_days_none = fields.Integer(
        string="No risk found",
        config_parameter="victim_safety_planning.review_days_none",
        default=DEFAULT_REVIEW_INTERVALS["none"],
    )
    safety_review_days_not_assessed = fields.Integer(
        string="Not assessed yet",
        config_parameter="victim_safety_planning.review_days_not_assessed",
        default=DEFAULT_REVIEW_INTERVALS["not_assessed"],
    )

    safety_order_reminder_days = fields.Integer(
        string="Protective orders",
        config_parameter="victim_safety_planning.order_reminder_days",
        default=DEFAULT_REMINDER_DAYS["order"],
    )
    safety_consent_reminder_days = fields.Integer(
        string="Releases of information",
        config_parameter="victim_safety_planning.consent_reminder_days",
        default=DEFAULT_REMINDER_DAYS["consent"],
    )
    safety_card_reminder_days = fields.Integer(
        string="Wallet cards",
        config_parameter="victim_safety_planning.card_reminder_days",
        default=DEFAULT_REMINDER_DAYS["card"],
    )
    safety_review_escalation_days = fields.Integer(
        string="Overdue review escalation",
        config_parameter="victim_safety_planning.review_escalation_days",
        default=DEFAULT_REMINDER_DAYS["review_escalation"],
    )
    safety_hearing_reminder_days = fields.Integer(
        string="Court hearings",
        config_parameter=HEARING_REMINDER_PARAM,
        default=DEFAULT_HEARING_REMINDER_DAYS,
    )

    group_safety_survivor_all = fields.Boolean(
        string="Advocates see every survivor",
        implied_group="victim_safety_planning.group_safety_survivor_all",
        group="victim_safety_planning.group_safety_advocate",
        help="Every advocate may read every survivor of their companies, not only "
        "those of their own plans.",
    )
    safety_referral_delete_lead = fields.Boolean(
        string="Delete referred leads",
        config_parameter="victim_safety_planning.referral_delete_lead",
        help="A lead referred to Safety Planning is scrubbed and archived; tick to "
        "delete it instead.",
    )

    safety_first_contact_days = fields.Integer(
        string="First contact of a referral in",
        config_parameter=FIRST_CONTACT_PARAM,
        default=DEFAULT_FIRST_CONTACT_DAYS,
    )
    safety_referral_follow_up_days = fields.Integer(
        string="Follow-up of a referral out",
        config_parameter=FOLLOW_UP_PARAM,
        default=DEFAULT_FOLLOW_UP_DAYS,
    )

    safety_card_base_url = fields.Char(
        string="Card verification address",
        config_parameter=CARD_BASE_URL_PARAM,
        help="The agency's public web address, e.g. https://odoo.example.org. Wallet cards' "
        "QR codes open it from any phone, and links sent to staff (overdue reviews) use it.",
    )

    safety_access_log_retention_days = fields.Integer(
        string="Access log retention",
        config_parameter=RETENTION_PARAM,
        default=DEFAULT_RETENTION_DAYS,
    )
    safety_curiosity_alert = fields.Boolean(
        string="Curiosity alert",
        config_parameter="victim_safety_planning.curiosity_alert",
        help="Tell supervisors, once a day, about anyone who looked at more survivors' "
        "files in a day than the threshold.",
    )
    safety_curiosity_threshold = fields.Integer(
        string="Curiosity threshold",
        config_parameter=CURIOSITY_THRESHOLD_PARAM,
        default=DEFAULT_CURIOSITY_THRESHOLD,
    )

    @api.model
    def _safety_lead_enrichment_off(self):
        """Odoo's Lead Enrichment sends the e-mail domain of every new lead to
        Odoo's IAP service, and a lead may be a survivor's first call: set it
        to on demand only (CRM > Settings can turn it back on)."""
        params = self.env["ir.config_parameter"].sudo()
        params.set_param(LEAD_ENRICH_PARAM, "manual")
        cron = self.env.ref(LEAD_ENRICH_CRON, raise_if_not_found=False)
        if cron:
            # sudo: installing the addon switches off a core cron, by its id
            cron.sudo().active = False

    def _safety_days_error(self, field_name, minimum, block):
        """The message refusing a number of days: one whole sentence per
        block of Settings, as translators need them."""
        params = {
            "field": self._fields[field_name].get_description(self.env)["string"],
            "minimum": minimum,
            "maximum": MAX_DAYS,
            "value": self[field_name],
        }
        if block == "review":
            return self.env._(
                "“%(field)s” under Safety Planning review intervals must be between "
                "%(minimum)s and %(maximum)s days; you entered %(value)s.",
                **params,
            )
        if block == "reminder":
            return self.env._(
                "“%(field)s” under Safety Planning reminders must be between "
                "%(minimum)s and %(maximum)s days; you entered %(value)s.",
                **params,
            )
        return self.env._(
            "“%(field)s” under Safety Planning access log must be between "
            "%(minimum)s and %(maximum)s days; you entered %(value)s.",
            **params,
        )

    def set_values(self):
        checks = [
            (f"safety_review_days_{level}", 1, "review")
            for level in ("critical", "high", "medium", "low", "none", "not_assessed")
        ] + [
            (field_name, 0, "reminder")
            for field_name in (
                "safety_order_reminder_days",
                "safety_consent_reminder_days",
                "safety_card_reminder_days",
                "safety_review_escalation_days",
                "safety_hearing_reminder_days",
            )
        ]
        checks += [
            ("safety_first_contact_days", 1, "reminder"),
            ("safety_referral_follow_up_days", 1, "reminder"),
        ]
        checks.append(("safety_access_log_retention_days", 0, "access_log"))
        for field_name, minimum, block in checks:
            if not minimum <= self[field_name] <= MAX_DAYS:
                raise ValidationError(self._safety_days_error(field_name, minimum, block))
        if self.safety_card_base_url:
            problem = self.env["safety.card"]._safety_address_problem(self.safety_card_base_url)
            if problem:
                raise ValidationError(
                    self.env._(
                        "The “Card verification address” %(url)s is %(problem)s. Cards are "
                        "scanned on phones anywhere: enter the agency's public address, "
                        "e.g. https://odoo.example.org.",
                        url=self.safety_card_base_url,
                        problem=problem,
                    )
                )
            self.safety_card_base_url = self.safety_card_base_url.strip().rstrip("/")
        if self.safety_curiosity_alert and self.safety_curiosity_threshold < 1:
            raise ValidationError(
                self.env._(
                    "“Curiosity threshold” under Safety Planning access history must be "
                    "at least 1 survivor a day; you entered %(value)s.",
                    value=self.safety_curiosity_threshold,
                )
            )
        return super().set_values()
