from odoo import models

PLAN_REPORT = "victim_safety_planning.report_safety_plan"
PAPER_FORMATS = {
    "a4": "victim_safety_planning.paperformat_safety_plan_a4",
    "letter": "victim_safety_planning.paperformat_safety_plan_letter",
}
# countries whose offices print on US Letter rather than A4
LETTER_COUNTRIES = frozenset(("US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "DO", "CR", "PR"))


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        result = super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)
        # audited once the PDF exists: a preview or a failed render prints nothing
        report = self._get_report(report_ref)
        confidential = self.env["safety.confidential.mixin"]._safety_confidential_model_names()
        if report.model in confidential:
            data = data or {}
            # the safety plan's print dialog sends its plans in the data
            ids = res_ids or data.get("plan_ids") or []
            records = self.env[report.model].browse(
                [int(id_) for id_ in ([ids] if isinstance(ids, int) else ids)]
            )
            records._safety_log_access("print")
            if report.report_name == PLAN_REPORT:
                records._safety_note_print(data)
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
