from odoo import fields, models

# the number to dial in an emergency, by country (112 elsewhere in Europe)
EMERGENCY_NUMBERS = {
    "US": "911",
    "CA": "911",
    "MX": "911",
    "AR": "911",
    "CO": "123",
    "CL": "133",
    "PE": "105",
    "GB": "999",
    "IE": "112",
    "AU": "000",
    "NZ": "111",
    "IN": "112",
    "MA": "19",
    "DZ": "17",
    "TN": "197",
    "EG": "122",
    "LB": "112",
    "JO": "911",
    "SA": "911",
    "AE": "999",
}
EUROPE_112 = frozenset(
    "AT BE BG CH CY CZ DE DK EE ES FI FR GR HR HU IS IT LI LT LU LV MT NL NO PL PT RO SE SI "
    "SK UA".split()
)


class SafetyPlan(models.Model):
    """The survivor's own plan: their answers, in their words, printed as
    fill-in sections ("the safest way out of my home is...") at the top of
    the printed plan. Empty answers print as lines to write on by hand."""

    _inherit = "safety.plan"

    own_emergency_number = fields.Char(
        string="Emergency Number",
        help="Printed first on the plan. Leave empty for the emergency number of the "
        "survivor's country (911, 112, 999...).",
    )
    own_way_out = fields.Text(
        string="Safest Way Out",
        help="In the survivor's words: the safest way out of their home.",
    )
    own_go_bag = fields.Text(
        string="Go-Bag Kept At",
        help="Where the survivor keeps a bag ready (with a friend, at work...).",
    )
    own_code_words = fields.Text(
        string="Code Words",
        help="Words agreed with family, friends, neighbours or the children that mean "
        "“call for help” or “come and get me”.",
    )
    own_people_to_call = fields.Text(
        string="People I Will Call",
        help="Who the survivor will call, and what they will ask of them.",
    )
    own_children_pets = fields.Text(
        string="Children and Pets",
        help="What the children know and will do, who takes the pets.",
    )
    own_work_school = fields.Text(
        string="At Work or School",
        help="Who knows at work or school, how the survivor gets there and back.",
    )
    own_after_leaving = fields.Text(
        string="After Leaving",
        help="What the survivor will do once they have left: new routines, who checks in.",
    )

    def _safety_own_answers(self):
        """(key, answer) of each fill-in section, in the printed order."""
        self.ensure_one()
        return [
            ("way_out", self.own_way_out),
            ("go_bag", self.own_go_bag),
            ("code_words", self.own_code_words),
            ("people_to_call", self.own_people_to_call),
            ("children_pets", self.own_children_pets),
            ("work_school", self.own_work_school),
            ("after_leaving", self.own_after_leaving),
        ]

    def _safety_emergency_number(self):
        """The number printed first: the plan's own, else the survivor's
        (or the agency's) country's."""
        self.ensure_one()
        if self.own_emergency_number:
            return self.own_emergency_number
        code = (self.survivor_id.country_id or self.company_id.country_id).code or ""
        if code in EMERGENCY_NUMBERS:
            return EMERGENCY_NUMBERS[code]
        return "112" if code in EUROPE_112 else False
