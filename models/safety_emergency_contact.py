from odoo import api, fields, models

from .value_checks import check_not_blank


class SafetyEmergencyContact(models.Model):
    _name = "safety.emergency.contact"
    _description = "Safety Plan Emergency Contact"
    _inherit = ["safety.plan.child.mixin", "safety.phone.mixin"]
    _order = "plan_id, sequence, id"

    sequence = fields.Integer(default=10, help="Priority: the first contact is called first.")
    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        help="Optional: a person or organisation already in Contacts.",
    )
    name = fields.Char(required=True)
    relationship = fields.Char(help="E.g. sister, neighbour, shelter hotline.")
    is_aware_of_situation = fields.Boolean(
        string="Aware of Situation",
        help="This person knows about the survivor's situation and plan.",
    )
    is_safe_to_call = fields.Boolean(
        string="Safe to Call",
        help="Calling this number cannot alert the person causing harm. Only contacts "
        "marked safe are printed on a card.",
    )
    code_word = fields.Char(
        help="A word the survivor says to this contact to mean 'I need help now'.",
        groups="victim_safety_planning.group_safety_advocate",
    )

    @api.constrains("name")
    def _check_name(self):
        check_not_blank(self, "name")

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        if self.partner_id:
            self.name = self.name or self.partner_id.name
            self.phone_national = self.phone_national or self.partner_id.phone

    def _phone_get_country(self):
        # numbers are read as the survivor dials them, from their country
        return {
            contact.id: contact.plan_id.survivor_id.country_id
            or contact.plan_id.company_id.country_id
            for contact in self
        }

    def _safety_phone_owner_label(self):
        self.ensure_one()
        return self.name or self.env._("Emergency contact")
