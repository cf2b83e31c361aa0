from odoo import models


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_html(self, report_ref, docids, data=None):
        # every PDF is rendered from this HTML: one line per print, either way
        result = super()._render_qweb_html(report_ref, docids, data=data)
        report = self._get_report(report_ref)
        confidential = self.env["safety.confidential.mixin"]._safety_confidential_model_names()
        if docids and report.model in confidential:
            ids = [docids] if isinstance(docids, int) else list(docids)
            self.env[report.model].browse(ids)._safety_log_access("print")
        return result
