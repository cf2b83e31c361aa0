from odoo import fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    safety_review_days_critical = fields.Integer(
        string="Critical risk",
        config_parameter="victim_safety_planning.review_days_critical",
        default=7,
    )
    safety_review_days_high = fields.Integer(
        string="High risk",
        config_parameter="victim_safety_planning.review_days_high",
        default=14,
    )
    safety_review_days_medium = fields.Integer(
        string="Medium risk",
        config_parameter="victim_safety_planning.review_days_medium",
        default=30,
    )
    safety_review_days_low = fields.Integer(
        string="Low risk",
        config_parameter="victim_safety_planning.review_days_low",
        default=90,
    )
    safety_review_days_none = fields.Integer(
        string="No assessed risk",
        config_parameter="victim_safety_planning.review_days_none",
        default=180,
    )

    safety_order_reminder_days = fields.Integer(
        string="Protective orders",
        config_parameter="victim_safety_planning.order_reminder_days",
        default=14,
    )
    safety_consent_reminder_days = fields.Integer(
        string="Releases of information",
        config_parameter="victim_safety_planning.consent_reminder_days",
        default=14,
    )
    safety_card_reminder_days = fields.Integer(
        string="Wallet cards",
        config_parameter="victim_safety_planning.card_reminder_days",
        default=30,
    )
    safety_review_escalation_days = fields.Integer(
        string="Overdue review escalation",
        config_parameter="victim_safety_planning.review_escalation_days",
        default=7,
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

    safety_access_log_retention_days = fields.Integer(
        string="Access log retention",
        config_parameter="victim_safety_planning.access_log_retention_days",
        default=730,
    )
    safety_curiosity_alert = fields.Boolean(
        string="Curiosity alert",
        config_parameter="victim_safety_planning.curiosity_alert",
        help="Tell supervisors, once a day, about anyone who looked at more survivors' "
        "files in a day than the threshold.",
    )
    safety_curiosity_threshold = fields.Integer(
        string="Curiosity threshold",
        config_parameter="victim_safety_planning.curiosity_threshold",
        default=20,
    )

    def set_values(self):
        for level in ("critical", "high", "medium", "low", "none"):
            field_name = f"safety_review_days_{level}"
            if self[field_name] < 1:
                raise ValidationError(
                    self.env._(
                        "“%(field)s” under Safety Planning review intervals must be at "
                        "least 1 day; you entered %(value)s.",
                        field=self._fields[field_name].get_description(self.env)["string"],
                        value=self[field_name],
                    )
                )
        for field_name in (
            "safety_order_reminder_days",
            "safety_consent_reminder_days",
            "safety_card_reminder_days",
            "safety_review_escalation_days",
        ):
            if self[field_name] < 0:
                raise ValidationError(
                    self.env._(
                        "“%(field)s” under Safety Planning reminders must be 0 or a number "
                        "of days; you entered %(value)s.",
                        field=self._fields[field_name].get_description(self.env)["string"],
                        value=self[field_name],
                    )
                )
        if self.safety_access_log_retention_days < 0:
            raise ValidationError(
                self.env._(
                    "“Access log retention” must be 0 (keep forever) or a number of days; "
                    "you entered %(value)s.",
                    value=self.safety_access_log_retention_days,
                )
            )
        if self.safety_curiosity_alert and self.safety_curiosity_threshold < 1:
            raise ValidationError(
                self.env._(
                    "“Curiosity threshold” under Safety Planning access history must be "
                    "at least 1 survivor a day; you entered %(value)s.",
                    value=self.safety_curiosity_threshold,
                )
            )
        return super().set_values()
