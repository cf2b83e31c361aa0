from odoo import api, fields, models


class SafetySurvivorNameMixin(models.AbstractModel):
    """The survivor's name beside the plan's reference in lists of a plan's
    records, read as the user (members only)."""

    _name = "safety.survivor.name.mixin"
    _description = "Safety Planning Survivor Name in Lists"

    survivor_name = fields.Char(
        string="Survivor",
        compute="_compute_survivor_name",
        groups="victim_safety_planning.group_safety_advocate",
        help="The name the survivor goes by (their preferred name, else their name).",
    )

    @api.depends("plan_id.survivor_id.preferred_name", "plan_id.survivor_id.name")
    @api.depends_context("uid")
    def _compute_survivor_name(self):
        # read as the user: a survivor they may not read says nothing
        survivors = self.plan_id.survivor_id._filtered_access("read")
        for record in self:
            survivor = record.plan_id.survivor_id & survivors
            record.survivor_name = survivor.preferred_name or survivor.name or False
