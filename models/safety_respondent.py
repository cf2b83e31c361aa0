from odoo import api, fields, models

from .value_checks import check_birthdate_not_future, check_not_blank

RELATIONSHIPS = [
    ("partner", "Current partner or spouse"),
    ("former_partner", "Former partner or spouse"),
    ("family", "Family member"),
    ("acquaintance", "Acquaintance"),
    ("stranger", "Stranger"),
    ("other", "Other"),
]


class SafetyRespondent(models.Model):
    """The person causing harm, as the plan's team knows them: what helps
    spot them, their weapons and history; protective orders name them."""

    _name = "safety.respondent"
    _description = "Person Causing Harm"
    _inherit = ["safety.plan.child.mixin", "image.mixin"]
    _order = "plan_id, sequence, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, index="trigram")
    aliases = fields.Char(help="Nicknames and other names they use, online too.")
    relationship = fields.Selection(
        RELATIONSHIPS, string="Relationship to the Survivor", default="former_partner"
    )
    description = fields.Text(
        string="Physical Description",
        help="Height, build, hair, marks: what helps others spot them.",
    )
    birthdate = fields.Date(
        string="Date of Birth", help="Police look people up by name and date of birth."
    )
    sex = fields.Selection([("female", "Female"), ("male", "Male"), ("other", "Other")])
    height = fields.Char(help="e.g. 6 ft 1 in, 185 cm.")
    weight = fields.Char(help="e.g. 190 lb, 86 kg.")
    hair_color = fields.Char(string="Hair")
    eye_color = fields.Char(string="Eyes")
    vehicle = fields.Char(help="Make, model and colour.")
    license_plate = fields.Char(string="Plate")
    workplace = fields.Char(help="Where they work, and the hours when known.")
    known_weapons = fields.Text(help="Weapons they own or can get, and where they keep them.")
    history_notes = fields.Text(
        string="History",
        help="Past violence, threats, violated orders, arrests: what the team should know.",
    )

    @api.constrains("name")
    def _check_name(self):
        check_not_blank(self, "name")

    @api.constrains("birthdate")
    def _check_birthdate(self):
        check_birthdate_not_future(self)
