from odoo import api, models


class SafetyRiskTemplatePart(models.AbstractModel):
    """Questions and thresholds decide past scores: once a checklist has
    confirmed assessments, neither may be added, changed or removed."""

    _name = "safety.risk.template.part"
    _description = "Risk Checklist Part"

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = self._safety_own_values(vals_list, "create")
        # what is not an id is the ORM's to refuse
        templates = self.env["safety.risk.template"].browse(
            {vals["template_id"] for vals in vals_list if isinstance(vals.get("template_id"), int)}
        )
        templates._check_not_used()
        return super().create(vals_list)

    def write(self, vals):
        self.template_id._check_not_used()
        return super().write(vals)

    def unlink(self):
        self.template_id._check_not_used()
        return super().unlink()
