from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.misc import format_date

CODE_LISTS = [
    ("service", "Service"),
    ("victimization", "Victimization Type"),
    ("race_ethnicity", "Race/Ethnicity"),
    ("special_classification", "Special Classification"),
]
SERVICE_CATEGORIES = [
    ("A", "A. Information & Referral"),
    ("B", "B. Personal Advocacy/Accompaniment"),
    ("C", "C. Emotional Support or Safety Services"),
    ("D", "D. Shelter/Housing Services"),
    ("E", "E. Criminal/Civil Justice System Assistance"),
]


class SafetyFunderCode(models.Model):
    """One code of a funder's code list (VOCA's PMT first), valid between
    two dates: a new version of a list is loaded beside the old one, whose
    codes get an end date, so past services keep the code they were given."""

    _name = "safety.funder.code"
    _description = "Funder Code"
    _order = "code_list, sequence, code, date_start desc, id"
    _rec_names_search = ["code", "name"]

    code_list = fields.Selection(CODE_LISTS, required=True, index=True)
    code = fields.Char(required=True, index=True)
    name = fields.Char(required=True, translate=True)
    category = fields.Selection(
        SERVICE_CATEGORIES, help="For services: the PMT category the code is counted under."
    )
    sequence = fields.Integer(default=10)
    date_start = fields.Date(
        string="Valid From", help="First day a service or survivor may be given this code."
    )
    date_end = fields.Date(string="Valid Until", help="Last day the code may be given.")
    funder = fields.Char(default="VOCA", required=True)
    active = fields.Boolean(default=True)

    _check_dates = models.Constraint(
        "CHECK(date_end IS NULL OR date_start IS NULL OR date_end >= date_start)",
        "A funder code's “Valid Until” date must not be before its “Valid From” date.",
    )

    @api.constrains("code_list", "category")
    def _check_category(self):
        for code in self:
            if code.code_list == "service" and not code.category:
                raise ValidationError(
                    self.env._(
                        "Service code %(code)s needs a “Category” (A to E): the funder "
                        "report counts services by category.",
                        code=code.code,
                    )
                )

    @api.depends("code", "name")
    def _compute_display_name(self):
        for code in self:
            code.display_name = f"{code.code} {code.name}" if code.code else code.name

    def _is_valid_on(self, date):
        self.ensure_one()
        return (not self.date_start or self.date_start <= date) and (
            not self.date_end or date <= self.date_end
        )

    def _check_valid_on(self, date, field_label):
        """Raise unless every code of ``self`` may be given on ``date``."""
        for code in self:
            if not code._is_valid_on(date):
                raise ValidationError(
                    self.env._(
                        "“%(field)s”: code %(code)s is valid from %(start)s to %(end)s, not on "
                        "%(date)s. Choose the code of the list in force on that day.",
                        field=field_label,
                        code=code.display_name,
                        start=format_date(self.env, code.date_start) or "-",
                        end=format_date(self.env, code.date_end) or "-",
                        date=format_date(self.env, date),
                    )
                )
