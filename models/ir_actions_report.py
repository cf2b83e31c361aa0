from odoo import models

PLAN_REPORT = "victim_safety_planning.report_safety_plan"
PAPER_FORMATS = {
    "a4": "victim_safety_planning.paperformat_safety_plan_a4",
    "letter": "victim_safety_planning.paperformat_safety_plan_letter",
}


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

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        # the paper chosen in the safety plan's print dialog reaches
        # get_paperformat, which wkhtmltopdf's arguments are built from
        paper = (data or {}).get("paper")
        if paper in PAPER_FORMATS and self._get_report(report_ref).report_name == PLAN_REPORT:
            self = self.with_context(safety_plan_paper=paper)
        return super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)

    def get_paperformat(self):
        """The safety plan prints on the paper chosen in its print dialog,
        else on the report's own paper format, else on A4 or US Letter after
        the company's paper format."""
        if self.report_name != PLAN_REPORT:
            return super().get_paperformat()
        paper = self.env.context.get("safety_plan_paper")
        if paper not in PAPER_FORMATS:
            if self.paperformat_id:
                return self.paperformat_id
            paper = self.env["safety.plan"]._safety_default_paper()
        return self.env.ref(PAPER_FORMATS[paper])
