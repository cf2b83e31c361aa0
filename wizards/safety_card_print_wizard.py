from datetime import timedelta

from odoo import api, fields, models


class SafetyCardPrintWizard(models.TransientModel):
    _name = "safety.card.print.wizard"
    _description = "Print Safety Plan Cards"
    _inherit = ["safety.link.guard.mixin", "safety.input.guard.mixin"]

    plan_ids = fields.Many2many("safety.plan", string="Plans", required=True)
    is_discreet = fields.Boolean(
        string="Discreet",
        default=True,
        help="No agency name and no words about violence or safety: it looks like "
        "an ordinary contact card.",
    )
    show_name = fields.Boolean(
        string="Print a Name", help="Print the first name or nickname below on the card."
    )
    name_on_card = fields.Char(
        string="Name or Nickname", help="Leave empty to use the survivor's first name."
    )
    show_code_word = fields.Boolean(
        string="Print the Code Word", help="The first emergency contact's code word."
    )
    contact_limit = fields.Integer(string="Emergency Contacts", default=3)
    resource_ids = fields.Many2many(
        "res.partner",
        string="Hotlines",
        domain=[("safety_resource_type", "!=", False), ("phone", "!=", False)],
        default=lambda self: self.env["res.partner"].search(
            [("safety_resource_type", "=", "hotline"), ("phone", "!=", False)], limit=2
        ),
    )
    expiry_date = fields.Date(
        required=True, default=lambda self: fields.Date.context_today(self) + timedelta(days=365)
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "safety.plan" and "plan_ids" in fields_list:
            values["plan_ids"] = [(6, 0, self.env.context.get("active_ids", []))]
        return values

    def action_print(self):
        """Issue one card per plan and print them all in one PDF."""
        self.ensure_one()
        cards = self.env["safety.card"].create(
            [
                {
                    "plan_id": plan.id,
                    "expiry_date": self.expiry_date,
                    "is_discreet": self.is_discreet,
                    "lang": plan.survivor_id.lang or self.env.lang,
                    "name_on_card": (
                        (self.name_on_card or plan.survivor_id._safety_first_name())
                        if self.show_name
                        else False
                    ),
                    "code_word": (
                        plan.emergency_contact_ids.filtered("code_word")[:1].code_word
                        if self.show_code_word
                        else False
                    ),
                    "contact_limit": self.contact_limit,
                    "resource_ids": [(6, 0, self.resource_ids.ids)],
                }
                for plan in self.plan_ids
            ]
        )
        return self.env.ref("victim_safety_planning.action_report_safety_card").report_action(cards)
