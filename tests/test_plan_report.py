import re
import subprocess
import tempfile
import unicodedata
from datetime import timedelta
from unittest.mock import patch
from urllib.parse import quote

from odoo import fields
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from ..models.safety_card import DISCREET_WORDS_RE
from .common import RaisesInTransactionMixin, SafetyCommon
from .plan_print_common import load_shipped_translation

REPORT = "victim_safety_planning.report_safety_plan"
AGENCY = "Riverside Survivor Advocacy"
AGENCY_PHONE = "+1 510-555-0100"


@tagged("post_install", "-at_install")
class TestPlanReport(RaisesInTransactionMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        company = cls.env.company
        company.write(
            {
                "name": AGENCY,
                "phone": AGENCY_PHONE,
                "country_id": cls.env.ref("base.us").id,
                "paperformat_id": cls.env.ref("base.paperformat_euro").id,
            }
        )
        cls.advocate = new_test_user(
            cls.env,
            login="plan_print_advocate",
            name="Maya Okafor",
            groups="victim_safety_planning.group_safety_advocate",
        )
        cls.other_advocate = new_test_user(
            cls.env,
            login="plan_print_other",
            groups="victim_safety_planning.group_safety_advocate",
        )
        cls.outsider = SafetyCommon._new_outsider(cls.env, login="plan_print_outsider")
        # only the chosen hotline prints: the others stay out of the way
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
            .create(
                {
                    "name": "Begoña Ibáñez Cortés",
                    "preferred_name": "Bego",
                    "country_id": cls.env.ref("base.us").id,
                }
            )
        )
        cls.plan = cls._make_plan(
            cls.survivor,
            [
                ("home", "Llamar a la tía Inés desde el teléfono de la vecina", True),
                ("home", "Keep the spare key with Mrs Ødegård", False),
                ("work_school", "Walk to the bus with a colleague", False),
                ("leaving", "Pack a bag with papers and medicine", True),
                ("technology", "Change the phone's passcode", False),
                ("legal", "Talk about a protective order with the court clerk", False),
            ],
        )
        cls.plan.action_activate()
        cls.env["safety.protective.order"].create(
            [
                {
                    "plan_id": cls.plan.id,
                    "order_type": "final",
                    "court": "Riverside County Superior Court",
                    "case_number": "RCV-DV-2026-7731",
                    "issue_date": fields.Date.today() - timedelta(days=30),
                    "expiry_date": fields.Date.today() + timedelta(days=300),
                    "respondent_name": "Devon Pike",
                    "conditions": "Stay 100 yards away from home and work.",
                },
                {
                    "plan_id": cls.plan.id,
                    "order_type": "emergency",
                    "case_number": "RCV-DV-2025-0001",
                    "issue_date": fields.Date.today() - timedelta(days=400),
                    "expiry_date": fields.Date.today() - timedelta(days=380),
                },
            ]
        )

    @classmethod
    def _make_plan(cls, survivor, steps):
        return (
            cls.env["safety.plan"]
            .with_user(cls.advocate)
            .create(
                {
                    "survivor_id": survivor.id,
                    "step_ids": [
                        (0, 0, {"context": context, "name": name, "is_done": done, "sequence": i})
                        for i, (context, name, done) in enumerate(steps)
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
                        ),
                        (
                            0,
                            0,
                            {
                                "name": "Cousin Ramón",
                                "phone": "+1 415 555 0122",
                                "is_safe_to_call": False,
                            },
                        ),
                    ],
                    "location_ids": [
                        (
                            0,
                            0,
                            {
                                "name": "Harbor House",
                                "location_type": "shelter",
                                "street": "9 Hidden Lane",
                                "city": "Riverside",
                                "is_address_confidential": True,
                            },
                        ),
                        (
                            0,
                            0,
                            {
                                "name": "Public library",
                                "street": "1 Library Square",
                                "city": "Riverside",
                                "phone": "+1 415 555 0130",
                            },
                        ),
                    ],
                }
            )
            .with_env(cls.env)
        )

    # helpers -------------------------------------------------------------------
    def _render(self, plans, user=None, data=None):
        report = (
            self.env["ir.actions.report"]
            .with_user(user or self.advocate)
            .with_context(force_report_rendering=True)
        )
        if data is not None:
            data = dict(data, plan_ids=plans.ids)
            pdf, report_type = report._render_qweb_pdf(REPORT, None, data=data)
        else:
            pdf, report_type = report._render_qweb_pdf(REPORT, plans.ids)
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

    def _text(self, pdf):
        """The PDF's text as typed: Arabic presentation forms back to letters
        (NFKC), without the direction marks pdftotext adds."""
        text = unicodedata.normalize("NFKC", self._pdf_tool("pdftotext", pdf))
        return re.sub("[\u202a-\u202e\u2066-\u2069]", "", text)

    def _page_size_mm(self, pdf):
        info = self._pdf_tool("pdfinfo", pdf)
        width, height = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups()
        return round(float(width) * 25.4 / 72), round(float(height) * 25.4 / 72)

    def _html(self, plans, data=None):
        data = dict(data or {}, plan_ids=plans.ids)
        html, _type = (
            self.env["ir.actions.report"]
            .with_user(self.advocate)
            ._render_qweb_html(REPORT, None, data=data)
        )
        return html.decode()

    # the full version -------------------------------------------------------------
    def test_full_plan_prints_every_section(self):
        pdf = self._render(self.plan)
        text = self._text(pdf)
        self.assertIn("My Safety Plan", text)
        for title in (
            "At home",
            "At work or school",
            "When I leave",
            "Phone and online safety",
            "Legal steps",
        ):
            self.assertIn(title, text)
        self.assertNotRegex(text, "(?m)^My children$", "a context without steps prints no title")
        # each step with its tick box, in the plan's order, accents intact
        self.assertIn("☑ Llamar a la tía Inés desde el teléfono de la vecina", text)
        self.assertIn("☐ Keep the spare key with Mrs Ødegård", text)
        self.assertIn("☑ Pack a bag with papers and medicine", text)
        # (the survivor's own plan, above the steps, asks about work or school too)
        self.assertLess(text.index("At home"), text.rindex("At work or school"))
        self.assertLess(text.rindex("At work or school"), text.index("When I leave"))
        self.assertLess(text.index("When I leave"), text.index("Legal steps"))
        # the checklist
        self.assertIn("What to take when I leave", text)
        flat = " ".join(text.split())
        for item in self.env["safety.leave.item"].search([]):
            self.assertIn(f"☐ {item.name}", flat)
        # contacts safe to call, in the survivor's national format
        self.assertIn("Tía Inés Muñoz", text)
        self.assertIn("(415) 555-0121", text)
        self.assertNotIn("Cousin Ramón", text, "a contact not safe to call is not printed")
        # safe places: never a confidential address
        self.assertIn("Harbor House", text)
        self.assertNotIn("9 Hidden Lane", text)
        self.assertIn("1 Library Square", text)
        # chosen hotlines, active orders, next review, advocate and agency
        self.assertIn("Statewide Domestic Violence Hotline", text)
        self.assertIn("(415) 555-0105", text, "a resource's number as dialled locally")
        self.assertIn("RCV-DV-2026-7731", text)
        self.assertIn("Devon Pike", text)
        self.assertNotIn("RCV-DV-2025-0001", text, "an expired order is not printed")
        review = self.plan.next_review_date
        self.assertIn(review.strftime("%m/%d/%Y"), text)
        self.assertIn("Maya", text)
        self.assertNotIn("Okafor", text, "the advocate's first name only")
        self.assertIn(AGENCY, text)
        self.assertIn("(510) 555-0100", text)
        # nothing names the survivor unless chosen
        self.assertNotIn("Begoña", text)
        self.assertNotIn("Bego", text)
        self.assertEqual(self._page_size_mm(pdf), (216, 279), "a US company's Letter")

    def test_confidential_address_and_name_only_when_ticked(self):
        text = self._text(
            self._render(self.plan, data={"show_confidential": True, "show_name": True})
        )
        self.assertIn("9 Hidden Lane", text)
        self.assertIn("Bego", text)
        self.assertNotIn("Begoña", text, "the preferred name, never the full name")

    def test_discreet_version(self):
        plan = self._make_plan(
            self.survivor,
            [("home", "Keep the spare key with Mrs Ødegård", False)],
        )
        plan.write(
            {
                "emergency_contact_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Statewide Domestic Violence Hotline",
                            "relationship": "Hotline",
                            "partner_id": self.hotline.id,
                            "phone": "+1 415 555 0105",
                            "is_safe_to_call": True,
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "name": f"Jo ({AGENCY} volunteer)",
                            "relationship": "Advocate",
                            "phone": "+1 415 555 0140",
                            "is_safe_to_call": True,
                        },
                    ),
                ],
                "location_ids": [
                    (0, 0, {"name": "Harbor House Shelter", "street": "2 Refuge Road"}),
                ],
            }
        )
        self.env["safety.protective.order"].create(
            {
                "plan_id": plan.id,
                "order_type": "final",
                "court": "Riverside County Superior Court",
                "issue_date": fields.Date.today(),
            }
        )
        text = self._text(
            self._render(plan, data={"is_discreet": True, "resource_ids": self.hotline.ids})
        )
        self.assertIn("My plan", text)
        self.assertIn("Keep the spare key with Mrs Ødegård", text)
        self.assertIn("Things to take with me", text)
        self.assertIn("Tía Inés Muñoz", text)
        self.assertIn("(415) 555-0105", text, "the hotline's number, under a neutral label")
        self.assertIn("Support line", text)
        self.assertIn("Jo", text)
        self.assertIn("(415) 555-0140", text)
        self.assertIn("Harbor House", text)
        self.assertNotIn("Refuge Road", text, "an address that says what it is stays off")
        found = DISCREET_WORDS_RE.findall(text)
        self.assertFalse(found, "a discreet print holds none of the discreet cards' words")
        for word in (AGENCY, "Riverside County", "court", "order", "leave"):
            self.assertNotIn(word.lower(), text.lower())
        self.assertNotIn("Maya", text)
        self.assertNotIn("555-0100", text, "no agency number either")

    def test_discreet_dialog_warns_of_telltale_steps(self):
        wizard = (
            self.env["safety.plan.print.wizard"]
            .with_user(self.advocate)
            .create({"plan_ids": [(6, 0, self.plan.ids)]})
        )
        self.assertFalse(wizard.discreet_warning)
        wizard.is_discreet = True
        self.assertIn("Talk about a protective order with the court clerk", wizard.discreet_warning)

    def test_paper_from_company_and_dialog(self):
        self.env.company.country_id = self.env.ref("base.fr")
        self.assertEqual(self._page_size_mm(self._render(self.plan)), (210, 297))
        letter = self._render(self.plan, data={"paper": "letter"})
        self.assertEqual(self._page_size_mm(letter), (216, 279))
        self.env.company.paperformat_id = self.env.ref("base.paperformat_us")
        self.assertEqual(self._page_size_mm(self._render(self.plan)), (216, 279))
        wizard = (
            self.env["safety.plan.print.wizard"]
            .with_user(self.advocate)
            .with_context(active_model="safety.plan", active_ids=self.plan.ids)
            .create({})
        )
        self.assertEqual(wizard.paper, "letter", "the dialog starts from the company's paper")

    def test_many_plans_in_one_pdf(self):
        other = self._make_plan(
            self.env["safety.survivor"].with_user(self.advocate).create({"name": "Kim Second"}),
            [("home", "Second plan's only step", False)],
        )
        plans = self.plan | other
        text = self._text(self._render(plans))
        self.assertEqual(text.count("My Safety Plan"), 2)
        self.assertLess(text.index("Llamar a la tía Inés"), text.index("Second plan's only step"))
        info = self._pdf_tool("pdfinfo", self._render(plans))
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        self.assertGreaterEqual(pages, 2, "each plan starts a page")

    # languages ----------------------------------------------------------------------
    def _load_shipped_translation(self, lang):
        load_shipped_translation(self.env, lang)

    def test_spanish_plan_prints_in_spanish(self):
        """With the addon's own es.po, as an agency installs it: every heading,
        section, checklist item and label of the printed plan in Spanish."""
        self._load_shipped_translation("es_419")
        english = self._text(self._render(self.plan))
        self.survivor.lang = "es_419"
        text = self._text(self._render(self.plan))
        for spanish in (
            "Mi plan de seguridad",
            "En casa",
            "Qué llevarme cuando me vaya",
            "Teléfono y cargador",
            "Personas a las que puedo llamar",
            "Llamar a la tía Inés desde el teléfono de la vecina",
            "Tía Inés Muñoz",
        ):
            self.assertIn(spanish, text)
        # every line both renderings share holds what the advocate typed, nothing else
        typed = (
            "Keep the spare",
            "Walk to",
            "Pack a bag",
            "Change the phone",
            "Talk about",
            "Stay 100 yards",
            "Riverside",
            "Harbor House",
            "Public library",
            "Statewide",
            "Devon",
            "Aunt",
            "Maya",
            "Ibáñez",
            "Inés",
            "RCV-DV",
        )
        leftovers = {
            line.strip()
            for line in set(text.splitlines()) & set(english.splitlines())
            if re.search(r"[A-Za-z]{3}", line) and not any(value in line for value in typed)
        }
        self.assertFalse(leftovers, "lines left in English on a Spanish plan")
        review = self.plan.next_review_date
        self.assertIn(review.strftime("%d/%m/%Y"), text, "dates in the Spanish form")
        self.assertIn("My Safety Plan", english, "the advocate's own language is untouched")

    def test_demo_spanish_survivor_plan_prints_in_spanish(self):
        """The demo's Alex reads Spanish: her whole plan, starter steps included,
        prints in Spanish with every accent."""
        plan = self.env.ref("victim_safety_planning.demo_plan_alex")
        self.assertEqual(plan.survivor_id.lang, "es_419")
        maya = self.env.ref("victim_safety_planning.demo_user_maya")
        text = self._text(self._render(plan, user=maya))
        for spanish in (
            "Mi plan de seguridad",
            "Conozca las salidas más rápidas de su casa",
            "Después de irme",
            "Qué llevarme cuando me vaya",
            "Luis Peña Ibáñez (vecino, 2B)",
            "Lugares seguros adonde puedo ir",
            "Mis órdenes de protección",
        ):
            self.assertIn(spanish, text)
        for english in ("My Safety Plan", "Know the quickest", "People I can call", "Hotlines"):
            self.assertNotIn(english, text)

    def test_starter_steps_in_survivor_language(self):
        self.env["res.lang"]._activate_lang("es_ES")
        template = self.env.ref("victim_safety_planning.safety_step_template_home_exits")
        template.update_field_translations(
            "name", {"es_ES": "Conozca las salidas más rápidas de su casa"}
        )
        survivor = (
            self.env["safety.survivor"]
            .with_user(self.advocate)
            .create({"name": "Lucía Pérez", "lang": "es_ES"})
        )
        plan = self.env["safety.plan"].with_user(self.advocate).create({"survivor_id": survivor.id})
        self.assertIn("Conozca las salidas más rápidas de su casa", plan.step_ids.mapped("name"))
        self.assertNotIn(template.with_context(lang="en_US").name, plan.step_ids.mapped("name"))

    def test_arabic_prints_right_to_left(self):
        self.env["res.lang"]._activate_lang("ar_001")
        survivor = (
            self.env["safety.survivor"]
            .with_user(self.advocate)
            .create({"name": "فاطمة الحداد", "lang": "ar_001"})
        )
        step = "احتفظي بهاتف مشحون في متناول يدك"
        plan = self._make_plan(survivor, [("home", step, False)])
        html = self._html(plan)
        self.assertRegex(html, r'class="vsp-plan"[^>]*dir="rtl"')
        text = self._text(self._render(plan))
        self.assertIn(step, text)
        self.assertIn("Tía Inés Muñoz", text)
        # an Arabic step on an English plan keeps the page left to right
        english = self._make_plan(self.survivor, [("home", step, False)])
        html = self._html(english)
        self.assertRegex(html, r'class="vsp-plan"[^>]*dir="ltr"')
        self.assertIn(step, self._text(self._render(english)))

    # access history, notes and refusals --------------------------------------------
    def _print_logs(self, plans):
        return self.env["safety.access.log"].search(
            [("model", "=", "safety.plan"), ("res_id", "in", plans.ids), ("action", "=", "print")]
        )

    def _print_notes(self, plan):
        return plan.message_ids.filtered(lambda m: "Safety plan printed" in (m.body or ""))

    def test_each_print_is_logged_and_noted(self):
        self._render(self.plan)
        self.assertEqual(len(self._print_logs(self.plan)), 1)
        notes = self._print_notes(self.plan)
        self.assertEqual(len(notes), 1)
        self.assertIn("full version", notes.body)
        self.assertEqual(notes.author_id, self.advocate.partner_id)
        # printed through the dialog (no docids): logged once, not twice
        self._render(self.plan, data={"is_discreet": True, "paper": "letter"})
        self.assertEqual(len(self._print_logs(self.plan)), 2)
        notes = self._print_notes(self.plan)
        self.assertEqual(len(notes), 2)
        self.assertIn("discreet version", notes[0].body)
        self.assertIn("US Letter", notes[0].body)

    def test_preview_or_failed_print_leaves_no_trace(self):
        """The access line and the chatter note follow a PDF: an HTML preview
        prints nothing, and a render that fails leaves nothing behind."""
        self._html(self.plan)
        self.assertFalse(self._print_logs(self.plan), "a preview is no print")
        self.assertFalse(self._print_notes(self.plan))
        Report = type(self.env["ir.actions.report"])

        def broken(*args, **kwargs):
            raise UserError(self.env._("wkhtmltopdf failed"))

        with patch.object(Report, "_run_wkhtmltopdf", broken):
            # no savepoint around the failure: what it left is what is checked
            self.assertRaisesInTransaction(UserError, lambda: self._render(self.plan))
        self.assertFalse(self._print_logs(self.plan), "a failed print leaves no line")
        self.assertFalse(self._print_notes(self.plan))
        self._render(self.plan)
        self.assertEqual(len(self._print_logs(self.plan)), 1)

    def test_non_members_cannot_render(self):
        # core's refusal for a non-member, a missing plan for another team
        for user, refusal in ((self.outsider, AccessError), (self.other_advocate, MissingError)):
            with self.subTest(user=user.login), self.assertRaises(refusal):
                self._render(self.plan, user=user)
            with self.subTest(user=user.login), self.assertRaises(refusal):
                self._render(self.plan, user=user, data={"is_discreet": True})
        self.assertFalse(self._print_logs(self.plan), "a refused print leaves no line")
        with self.assertRaises(AccessError):
            self.env["safety.plan.print.wizard"].with_user(self.outsider).create(
                {"plan_ids": [(6, 0, self.plan.ids)]}
            )
        # the dialog's link check: the words it has for a plan that does not exist
        for plan_id in (self.plan.id, self.plan.id + 10**6):
            with self.assertRaisesRegex(UserError, "names a record that does not exist"):
                self.env["safety.plan.print.wizard"].with_user(self.other_advocate).create(
                    {"plan_ids": [(6, 0, [plan_id])]}
                )

    def test_report_over_http(self):
        # under tests the route answers the report's HTML (wkhtmltopdf could
        # not fetch the styles from this test server while it waits)
        routes = (
            f"/report/pdf/{REPORT}/{self.plan.id}",
            f"/report/pdf/{REPORT}?options="
            + quote(f'{{"plan_ids": [{self.plan.id}], "is_discreet": true}}'),
        )
        for login in ("plan_print_outsider", "plan_print_other"):
            self.authenticate(login, login)
            for url in routes:
                with self.subTest(login=login, url=url), mute_logger("odoo.http"):
                    response = self.url_open(url)
                    self.assertNotEqual(response.headers.get("Content-Type"), "application/pdf")
                    self.assertNotIn("tía Inés".encode(), response.content)
                    self.assertNotIn(b"vsp-plan", response.content)
        self.assertFalse(self._print_logs(self.plan))
        self.assertFalse(self._print_notes(self.plan))
        # a member downloads it (a read-only request): logged and noted all the same
        self.authenticate("plan_print_advocate", "plan_print_advocate")
        for url in routes:
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200)
            self.assertIn("Tía Inés Muñoz", response.text)
        self.assertEqual(len(self._print_logs(self.plan)), 2)
        self.assertEqual(len(self._print_notes(self.plan)), 2)

    # the dialog ------------------------------------------------------------------------
    def test_print_dialog(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.survivor.lang = "es_ES"
        action = self.plan.with_user(self.advocate).action_print_plan()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.advocate)
            .with_context(**action["context"])
            .create({})
        )
        self.assertEqual(wizard.plan_ids, self.plan)
        self.assertEqual(wizard.resource_ids, self.hotline)
        self.assertEqual(wizard.paper, "letter", "a US company prints on Letter")
        self.assertFalse(wizard.is_discreet or wizard.show_confidential or wizard.show_name)
        self.assertIn("Spanish", wizard.language_info)
        wizard.write({"is_discreet": True, "paper": "letter"})
        report_action = wizard.action_print()
        self.assertEqual(report_action["type"], "ir.actions.report")
        self.assertEqual(report_action["report_name"], REPORT)
        self.assertTrue(report_action["close_on_report_download"])
        data = report_action["data"]
        self.assertEqual(data["plan_ids"], self.plan.ids)
        self.assertTrue(data["is_discreet"])
        self.assertEqual(data["paper"], "letter")
        # what the web client then asks for: the dialog's choices as the data
        pdf = self._render(self.plan, data=data)
        self.assertEqual(self._page_size_mm(pdf), (216, 279))
        self.assertIn("My plan", self._text(pdf))
