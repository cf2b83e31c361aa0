from odoo import api, models


class SafetyRiskTemplatePart(models.AbstractModel):
    """Questions and thresholds decide past scores: once a checklist has
    confirmed assessments, neither may be added, changed or removed."""

    _name = "safety.risk.template.part"
    _description = "Risk Checklist Part"
    _inherit = ["safety.input.guard.mixin"]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # before the ids are used below: a wrong value is named, not a crash
            self._safety_check_input(vals)
        templates = self.env["safety.risk.template"].browse(
            {vals["template_id"] for vals in vals_list if vals.get("template_id")}
        )
        templates._check_not_used()
        return super().create(vals_list)

    def write(self, vals):
        self._safety_check_input(vals)
        self.template_id._check_not_used()
        return super().write(vals)

    def unlink(self):
        self.template_id._check_not_used()
        return super().unlink()
