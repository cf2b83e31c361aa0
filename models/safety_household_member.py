from odoo import api, fields, models

from .value_checks import check_birthdate_not_future, check_not_blank

MEMBER_TYPES = [("person", "Person"), ("pet", "Pet")]


class SafetyHouseholdMember(models.Model):
    """A child, dependant, other person or pet at risk with the survivor.
    Protective orders list the members they protect on the order card."""

    _name = "safety.household.member"
    _description = "Household Member"
    _inherit = ["safety.plan.child.mixin"]
    _order = "plan_id, sequence, id"

    sequence = fields.Integer(default=10)
    member_type = fields.Selection(MEMBER_TYPES, string="Type", required=True, default="person")
    name = fields.Char(required=True, index="trigram")
    relationship = fields.Char(help="e.g. daughter, nephew, mother, dog.")
    birthdate = fields.Date(string="Date of Birth")
    is_at_risk = fields.Boolean(
        string="At Risk", default=True, help="The person causing harm may hurt them too."
    )
    is_protected_by_order = fields.Boolean(
        string="Protected by Order",
        help="A protective order names them: the order card lists them as protected persons.",
    )
    custody_notes = fields.Text(
        help="Who has custody, visitation and exchange arrangements, court orders on custody."
    )
    school = fields.Char(string="School or Daycare")
    authorized_pickup = fields.Text(
        string="Authorised Pickup",
        help="Who may pick the child up from school or daycare, and who may not.",
    )
    notes = fields.Text(
        help="School notes (who at school knows, what to do if the other parent comes), "
        "vet and pet-shelter arrangements, health needs."
    )
    age = fields.Integer(compute="_compute_age", help="Age in years today, from the date of birth.")

    @api.depends("birthdate")
    @api.depends_context("tz")
    def _compute_age(self):
        today = fields.Date.context_today(self)
        for member in self:
            birth = member.birthdate
            member.age = (
                today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
                if birth
                else 0
            )

    @api.constrains("name")
    def _check_name(self):
        check_not_blank(self, "name")

    @api.constrains("birthdate")
    def _check_birthdate(self):
        check_birthdate_not_future(self)
