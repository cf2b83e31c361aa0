import io
import re
import subprocess
import tempfile
import unicodedata
from pathlib import Path

from odoo.tests import HttpCase, new_test_user
from odoo.tools.translate import TranslationImporter, get_po_paths

from .common import RaisesInTransactionMixin, SafetyCommon

REPORT = "victim_safety_planning.report_safety_plan"


class PlanPrintCommon(RaisesInTransactionMixin, HttpCase):
    """A member who prints plans, an outsider, a US agency with one hotline
    and helpers that read the printed PDF as a survivor would."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.env.company.write(
            {
                "name": "Riverside Survivor Advocacy",
                "phone": "+1 510-555-0100",
                "country_id": cls.env.ref("base.us").id,
                "paperformat_id": cls.env.ref("base.paperformat_euro").id,
            }
        )
        cls.advocate = new_test_user(
            cls.env,
            login="plan_print2_advocate",
            name="Maya Okafor",
            groups="victim_safety_planning.group_safety_advocate",
        )
        cls.other_advocate = new_test_user(
            cls.env,
            login="plan_print2_other",
            groups="victim_safety_planning.group_safety_advocate",
        )
        cls.outsider = SafetyCommon._new_outsider(cls.env, login="plan_print2_outsider")
        cls.env["res.partner"].search([("safety_resource_type", "=", "hotline")]).write(
            {"safety_resource_type": False}
        )
        cls.hotline = cls.env["res.partner"].create(
            {
                "name": "Statewide Domestic Violence Hotline",
                "is_company": True,
                "safety_resource_type": "hotline",
                "phone": "+1 415 555 0105",
            }
        )
        cls.survivor = (
            cls.env["safety.survivor"]
            .with_user(cls.advocate)
            .create({"name": "Begoña Ibáñez Cortés", "country_id": cls.env.ref("base.us").id})
        )

    @classmethod
    def _make_plan(cls, survivor=None, steps=(), **values):
        return (
            cls.env["safety.plan"]
            .with_user(cls.advocate)
            .create(
                {
                    "survivor_id": (survivor or cls.survivor).id,
                    "step_ids": [
                        (0, 0, {"context": context, "name": name, "sequence": i})
                        for i, (context, name) in enumerate(steps)
                    ],
                    "emergency_contact_ids": [
                        (
                            0,
                            0,
                            {
                                "name": "Tía Inés Muñoz",
                                "relationship": "Aunt",
                                "phone": "+1 415 555 0121",
                                "is_safe_to_call": True,
                            },
                        )
                    ],
                    **values,
                }
            )
            .with_env(cls.env)
        )

    def _render(self, plans, user=None, data=None):
        report = (
            self.env["ir.actions.report"]
            .with_user(user or self.advocate)
            .with_context(force_report_rendering=True)
        )
        data = dict(data or {}, plan_ids=plans.ids)
        pdf, report_type = report._render_qweb_pdf(REPORT, None, data=data)
        self.assertEqual(report_type, "pdf")
        return pdf

    def _pdf_tool(self, tool, pdf, *args):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            return subprocess.run(
                [tool, *args, handle.name, *(["-"] if tool == "pdftotext" else [])],
                capture_output=True,
                text=True,
                check=True,
            ).stdout

    def _text(self, pdf, *args):
        """The PDF's text as typed: Arabic presentation forms back to letters
        (NFKC), without the direction marks pdftotext adds."""
        text = unicodedata.normalize("NFKC", self._pdf_tool("pdftotext", pdf, *args))
        return re.sub("[\u202a-\u202e\u2066-\u2069]", "", text)

    def _pages(self, pdf):
        info = self._pdf_tool("pdfinfo", pdf)
        return int(re.search(r"Pages:\s+(\d+)", info).group(1))

    def _page_size_mm(self, pdf):
        info = self._pdf_tool("pdfinfo", pdf)
        width, height = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups()
        return round(float(width) * 25.4 / 72), round(float(height) * 25.4 / 72)

    def _load_shipped_translation(self, lang):
        load_shipped_translation(self.env, lang)


def load_shipped_translation(env, lang):
    """The addon's es.po / fr.po loaded as an agency installs them. Odoo
    merges the .pot into each .po it reads, which turns an entry missing
    from the .pot into an obsolete one: the entries appended for the
    printed plan are read a second time from a copy without the .pot, until
    the .pot is regenerated."""
    env["res.lang"]._activate_lang(lang)
    env["ir.module.module"]._load_module_terms(["victim_safety_planning"], [lang], overwrite=True)
    importer = TranslationImporter(env.cr, verbose=False)
    for path in get_po_paths("victim_safety_planning", lang):
        content = io.BytesIO(Path(path).read_bytes())
        content.name = "without-pot"  # not a .po path: no .pot is looked for
        importer.load(content, "po", lang)
    importer.save(overwrite=True)
