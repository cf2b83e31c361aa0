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
        records = self._safety_printed_records(report, res_ids, data)
        if records is not None:
            records._safety_log_access("print")
            if report.report_name == PLAN_REPORT:
                records._safety_note_print(data or {})
        return result

    def _safety_printed_records(self, report, res_ids, data):
        """The records of survivor data ``report`` prints, or None when its
        model holds none."""
        confidential = self.env["safety.confidential.mixin"]._safety_confidential_model_names()
        if report.model not in confidential:
            return None
        # the safety plan's print dialog sends its plans in the data
        ids = res_ids or (data or {}).get("plan_ids") or []
        return self.env[report.model].browse(
            [int(id_) for id_ in ([ids] if isinstance(ids, int) else ids)]
        )

    def _get_rendering_context(self, report, docids, data):
        # Every render (PDF, HTML preview, text, a sheet sent by e-mail) comes
        # here before its template reads a record. The field cache is one per
        # transaction, shared by all users: values another user already read
        # would print without any check. So the printer's right to read each
        # record is asked of the database first, as the printer and never as
        # superuser: a member kept out is answered as for a record that does
        # not exist (MissingError), a non-member with core's AccessError.
        # Only the report's own records are asked: what a template reads
        # through them (a plan's respondent, a card's orders) follows them.
        records = self._safety_printed_records(report, docids, data)
        if records:
            records.with_env(self.env(su=False)).check_access("read")
        return super()._get_rendering_context(report, docids, data)

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
