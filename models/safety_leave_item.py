from odoo import api, fields, models

from .value_checks import check_not_blank


class SafetyLeaveItem(models.Model):
    """One line of the “what to take when I leave” checklist printed on every
    safety plan: documents, medication, keys, money, phone and charger...
    Agencies reword it; translations follow the survivor's language."""

    _name = "safety.leave.item"
    _description = "What to Take When Leaving"
    _order = "sequence, id"

    name = fields.Char(string="Item", required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    is_printed_when_discreet = fields.Boolean(
        string="On Discreet Plans",
        default=True,
        help="Untick items that would give the plan away on a discreet print (e.g. copies "
        "of protective orders).",
    )

    @api.constrains("name")
    def _check_name(self):
        check_not_blank(self, "name")
