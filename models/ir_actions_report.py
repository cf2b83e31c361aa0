from odoo import models


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        # a PDF is rendered from HTML: log the print once, here
        result = super(
            IrActionsReport, self.with_context(safety_print_logged=True)
        )._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)
        self._safety_log_print(report_ref, res_ids)
        return result

    def _render_qweb_html(self, report_ref, docids, data=None):
        result = super()._render_qweb_html(report_ref, docids, data=data)
        self._safety_log_print(report_ref, docids)
        return result

    def _safety_log_print(self, report_ref, res_ids):
        if not res_ids or self.env.context.get("safety_print_logged"):
            return
        report = self._get_report(report_ref)
        if report.model in self.env["mail.activity"]._safety_confidential_model_names():
            ids = [res_ids] if isinstance(res_ids, int) else list(res_ids)
            self.env[report.model].browse(ids)._safety_log_access("print")
