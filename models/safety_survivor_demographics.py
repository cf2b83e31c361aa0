import secrets

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

AGE_BANDS = [
    ("0_12", "0-12"),
    ("13_17", "13-17"),
    ("18_24", "18-24"),
    ("25_59", "25-59"),
    ("60_plus", "60 and older"),
    ("not_reported", "Not reported"),
]
GENDERS = [
    ("female", "Female"),
    ("male", "Male"),
    ("other", "Other"),
    ("not_reported", "Not reported"),
]


def age_band_on(birthdate, date):
    """The age band of someone born on ``birthdate`` on ``date``."""
    if not birthdate or not date:
        return "not_reported"
    age = relativedelta(date, birthdate).years
    if age <= 12:
        return "0_12"
    if age <= 17:
        return "13_17"
    if age <= 24:
        return "18_24"
    if age <= 59:
        return "25_59"
    return "60_plus"


class SafetySurvivor(models.Model):
    """Demographics a funder asks about, minimal by design: bands, not values,
    each with "not reported"; never required to give help."""

    _inherit = "safety.survivor"

    person_key = fields.Char(
        compute="_compute_person_key",
        store=True,
        precompute=True,
        readonly=True,
        copy=False,
        index=True,
        help="A random key counting this person in funder reports without naming them.",
    )
    age_band = fields.Selection(
        AGE_BANDS,
        compute="_compute_age_band",
        store=True,
        readonly=False,
        precompute=True,
        help="From the date of birth when it is known; otherwise as the survivor said.",
    )
    gender = fields.Selection(GENDERS, default="not_reported")
    race_ethnicity_code_ids = fields.Many2many(
        "safety.funder.code",
        "safety_survivor_race_code_rel",
        "survivor_id",
        "code_id",
        string="Race/Ethnicity",
        domain=[("code_list", "=", "race_ethnicity")],
        help="Empty: not reported. Several: counted as multiple races.",
    )
    special_classification_code_ids = fields.Many2many(
        "safety.funder.code",
        "safety_survivor_special_code_rel",
        "survivor_id",
        "code_id",
        string="Special Classifications",
        domain=[("code_list", "=", "special_classification")],
    )
    victimization_code_ids = fields.Many2many(
        "safety.funder.code",
        "safety_survivor_victimization_code_rel",
        "survivor_id",
        "code_id",
        string="Victimization Types",
        domain=[("code_list", "=", "victimization")],
    )
    service_ids = fields.One2many("safety.service", "survivor_id", string="Services")

    @api.depends()
    def _compute_person_key(self):
        for survivor in self:
            if not survivor.person_key:
                survivor.person_key = secrets.token_hex(8)

    @api.depends("birthdate")
    def _compute_age_band(self):
        today = fields.Date.context_today(self)
        for survivor in self:
            if survivor.birthdate:
                survivor.age_band = age_band_on(survivor.birthdate, today)
            elif not survivor.age_band:
                survivor.age_band = "not_reported"
