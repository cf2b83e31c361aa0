from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.misc import format_date

from .safety_survivor_demographics import AGE_BANDS, GENDERS, age_band_on


class SafetyService(models.Model):
    """A service given to a survivor or to an anonymous caller: the unit
    funders count (doc/funder-reports.md). ``person_key`` is the survivor's
    random key, kept when a retention purge removes the survivor, with the
    demographic bands copied at the purge, so past reports keep their figures."""

    _name = "safety.service"
    _description = "Service Given"
    _inherit = ["safety.confidential.mixin"]
    _order = "date desc, id desc"

    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    plan_id = fields.Many2one("safety.plan", index="btree_not_null", ondelete="set null")
    survivor_id = fields.Many2one(
        "safety.survivor",
        compute="_compute_survivor_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        ondelete="set null",
    )
    hotline_call_id = fields.Many2one(
        "safety.hotline.call", index="btree_not_null", ondelete="set null", string="Contact"
    )
    referral_id = fields.Many2one(
        "safety.referral", index="btree_not_null", ondelete="set null", readonly=True
    )
    hearing_id = fields.Many2one(
        "safety.court.hearing",
        string="Court Hearing",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
    )
    service_code_id = fields.Many2one(
        "safety.funder.code",
        string="Service",
        index=True,
        ondelete="restrict",
        domain="[('code_list', '=', 'service'), '|', ('date_start', '=', False), "
        "('date_start', '<=', date), '|', ('date_end', '=', False), ('date_end', '>=', date)]",
        help="The funder's service code (VOCA PMT A1 to E11).",
    )
    service_category = fields.Selection(
        related="service_code_id.category", store=True, string="Category"
    )
    user_id = fields.Many2one(
        "res.users",
        string="Given By",
        required=True,
        default=lambda self: self.env.user,
        index=True,
    )
    duration_minutes = fields.Integer(string="Minutes")
    is_compensation_help = fields.Boolean(
        string="Helped with Compensation Claim",
        help="The survivor was helped to complete a victim-compensation application "
        "(handing over the form alone does not count).",
    )
    person_key = fields.Char(
        compute="_compute_person_key",
        store=True,
        precompute=True,
        index="btree_not_null",
        copy=False,
        help="The survivor's random key: counts a person once without naming them.",
    )
    notes = fields.Text(help="Narrative: purged by retention, never in a funder report.")
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        required=True,
    )
    # the survivor's bands, copied when a retention purge removes the survivor
    is_deidentified = fields.Boolean(readonly=True, copy=False)
    deid_age_band = fields.Selection(AGE_BANDS, readonly=True, copy=False)
    deid_gender = fields.Selection(GENDERS, readonly=True, copy=False)
    deid_race_ethnicity_codes = fields.Char(readonly=True, copy=False)
    deid_special_classification_codes = fields.Char(readonly=True, copy=False)
    deid_victimization_codes = fields.Char(readonly=True, copy=False)

    _check_duration = models.Constraint(
        "CHECK(duration_minutes IS NULL OR (duration_minutes >= 0 AND duration_minutes <= 1440))",
        "A service's “Minutes” must be between 0 and 1440 (one day).",
    )

    @api.depends("plan_id", "hotline_call_id")
    def _compute_survivor_id(self):
        for service in self:
            service.survivor_id = (
                service.plan_id.survivor_id
                or service.hotline_call_id.survivor_id
                or service.survivor_id
            )

    @api.depends("survivor_id")
    def _compute_person_key(self):
        for service in self:
            # kept when the survivor goes: the key outlives the person's identity
            service.person_key = service.survivor_id.person_key or service.person_key

    @api.depends("plan_id", "survivor_id", "hotline_call_id")
    def _compute_company_id(self):
        for service in self:
            service.company_id = (
                service.plan_id.company_id
                or service.survivor_id.company_id
                or service.hotline_call_id.company_id
                or service.company_id
                or self.env.company
            )

    @api.constrains("date", "service_code_id")
    def _check_date_and_code(self):
        today = fields.Date.context_today(self)
        for service in self:
            if service.date > today:
                raise ValidationError(
                    self.env._(
                        "The “Date” %(date)s of a service is in the future: record a service "
                        "once it is given, with the day it was given.",
                        date=format_date(self.env, service.date),
                    )
                )
            code = service.service_code_id
            if code and code.code_list != "service":
                raise ValidationError(
                    self.env._(
                        "“Service”: %(code)s is not a service code. Choose one of the A1 to "
                        "E11 services.",
                        code=code.display_name,
                    )
                )
            code._check_valid_on(service.date, self._fields["service_code_id"].string)

    @api.constrains("plan_id", "survivor_id", "hotline_call_id")
    def _check_links(self):
        for service in self:
            plan_survivor = service.plan_id.survivor_id
            if plan_survivor and service.survivor_id and plan_survivor != service.survivor_id:
                raise ValidationError(
                    self.env._(
                        "The service's “Survivor” is not the survivor of its “Plan”: leave "
                        "the survivor empty, it follows the plan."
                    )
                )
            call_survivor = service.hotline_call_id.survivor_id
            if call_survivor and service.survivor_id and call_survivor != service.survivor_id:
                raise ValidationError(
                    self.env._(
                        "The service's “Survivor” is not the caller of its “Contact”: "
                        "record it on the right contact or survivor."
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not any(vals.get(name) for name in ("plan_id", "survivor_id", "hotline_call_id")):
                raise ValidationError(
                    self.env._(
                        "Record a service on a plan, a survivor or a helpline contact: "
                        "set one of “Plan”, “Survivor” or “Contact”."
                    )
                )
        return super().create(vals_list)

    def _safety_display_name(self):
        self.ensure_one()
        return self.env._(
            "%(service)s of %(date)s",
            service=self.service_code_id.code or self.env._("Service"),
            date=format_date(self.env, self.date),
        )

    @api.depends("service_code_id", "date")
    def _compute_display_name(self):
        return super()._compute_display_name()

    @api.model
    def _safety_create_from_values(self, values_list):
        """Services from the values other records describe (a sent referral's
        ``_safety_service_values()``): ``service_code`` names the code, looked
        up in the list valid on the service's date."""
        Code = self.env["safety.funder.code"]
        vals_list = []
        for values in values_list:
            vals = dict(values)
            code = vals.pop("service_code", None)
            if code:
                vals["service_code_id"] = Code.search(
                    [
                        ("code_list", "=", "service"),
                        ("code", "=", code),
                        "|",
                        ("date_start", "=", False),
                        ("date_start", "<=", vals["date"]),
                        "|",
                        ("date_end", "=", False),
                        ("date_end", ">=", vals["date"]),
                    ],
                    limit=1,
                ).id
            vals_list.append(vals)
        return self.create(vals_list)

    def _safety_deidentify(self):
        """Copy each service's survivor bands onto it (the age band at the
        service's date) and drop its notes: what a retention purge or an
        erasure leaves, so that past reports keep their figures."""
        # sudo: called by the purge and the erasure, after their own checks;
        # the de-identified columns are Odoo's to write
        services = self.sudo().filtered(lambda s: s.survivor_id and not s.is_deidentified)
        for service in services:
            survivor = service.survivor_id
            age_band = (
                age_band_on(survivor.birthdate, service.date)
                if survivor.birthdate
                else survivor.age_band or "not_reported"
            )
            service.write(
                {
                    "is_deidentified": True,
                    "deid_age_band": age_band,
                    "deid_gender": survivor.gender or "not_reported",
                    "deid_race_ethnicity_codes": ",".join(
                        survivor.race_ethnicity_code_ids.mapped("code")
                    ),
                    "deid_special_classification_codes": ",".join(
                        survivor.special_classification_code_ids.mapped("code")
                    ),
                    "deid_victimization_codes": ",".join(
                        survivor.victimization_code_ids.mapped("code")
                    ),
                    "notes": False,
                    "referral_id": False,
                }
            )
        self.sudo().filtered("notes").write({"notes": False})
