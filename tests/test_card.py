import re
import shutil
import subprocess
import tempfile
from datetime import timedelta
from pathlib import Path

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import SafetyCommon


@tagged("post_install", "-at_install")
class TestCards(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.country_id = cls.env.ref("base.us")
        cls.env.company.name = "Riverside Survivor Advocacy"
        cls.advocate = new_test_user(
            cls.env, login="card_advocate", groups="victim_safety_planning.group_safety_advocate"
        )
        cls.outsider = SafetyCommon._new_outsider(cls.env, login="card_outsider")
        cls.survivor = (
            cls.env["safety.survivor"].with_user(cls.advocate).create({"name": "Morgan Cardholder"})
        )
        cls.hotline = cls.env["res.partner"].create(
            {
                "name": "Statewide Domestic Violence Hotline",
                "is_company": True,
                "safety_resource_type": "hotline",
                "phone": "+1 415 555 0105",
            }
        )
        cls.plan = (
            cls.env["safety.plan"]
            .with_user(cls.advocate)
            .create(
                {
                    "survivor_id": cls.survivor.id,
                    "emergency_contact_ids": [
                        (
                            0,
                            0,
                            {
                                "name": "Aunt Jo",
                                "phone": "+1 415 555 0121",
                                "code_word": "tulip",
                                "is_safe_to_call": True,
                            },
                        ),
                    ],
                    "location_ids": [
                        (
                            0,
                            0,
                            {
                                "name": "Harbor House",
                                "street": "9 Secret Way",
                                "is_address_confidential": True,
                            },
                        ),
                        (0, 0, {"name": "Public Library", "street": "1 Library Square"}),
                    ],
                }
            )
            .with_env(cls.env)
        )
        cls.plan.action_activate()

    def _print(self, **wizard_vals):
        wizard = (
            self.env["safety.card.print.wizard"]
            .with_user(self.advocate)
            .with_context(active_model="safety.plan", active_ids=self.plan.ids)
            .create(dict({"resource_ids": [(6, 0, self.hotline.ids)]}, **wizard_vals))
        )
        action = wizard.action_print()
        cards = self.env["safety.card"].browse(action["context"]["active_ids"])
        pdf, _type = (
            self.env["ir.actions.report"]
            .with_user(self.advocate)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("victim_safety_planning.action_report_safety_card", cards.ids)
        )
        return cards, pdf

    def test_card_pdf_size_and_qr(self):
        for tool in ("pdfinfo", "pdftoppm", "zbarimg"):
            self.assertTrue(shutil.which(tool), f"{tool} is installed by tools/setup.sh")
        card, pdf = self._print()
        self.assertEqual(len(card), 1)
        self.assertEqual(card.state, "active")
        self.assertGreaterEqual(len(card.sudo().token), 32, "at least 128 random bits")
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp, "card.pdf")
            path.write_bytes(pdf)
            info = subprocess.run(
                ["pdfinfo", path], capture_output=True, text=True, check=True
            ).stdout
            self.assertRegex(info, r"Pages:\s+2\b", "one card is a front and a back page")
            width_pt, height_pt = map(
                float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups()
            )
            self.assertAlmostEqual(width_pt * 25.4 / 72, 85.6, delta=0.5)
            self.assertAlmostEqual(height_pt * 25.4 / 72, 54.0, delta=0.5)
            subprocess.run(
                ["pdftoppm", "-r", "300", "-png", "-f", "2", "-l", "2", path, Path(tmp, "back")],
                check=True,
            )
            image = next(Path(tmp).glob("back*.png"))
            decoded = subprocess.run(
                ["zbarimg", "--raw", "-q", image], capture_output=True, text=True, check=True
            ).stdout.strip()
        self.assertEqual(decoded, f"{card.get_base_url()}/safety/card/{card.sudo().token}")
        self.assertNotIn("Morgan", decoded)
        text = self._pdf_text(pdf)
        self.assertIn("Aunt Jo", text)
        self.assertNotIn("9 Secret Way", text, "a confidential address is never printed")
        self.assertNotIn("Riverside Survivor Advocacy", text, "discreet: no agency name")
        self.assertNotIn("tulip", text, "no code word unless chosen")
        self.assertNotIn("Morgan", text, "no name unless chosen")
        log = self.env["safety.access.log"].search(
            [("model", "=", "safety.card"), ("action", "=", "print")]
        )
        self.assertEqual(log.res_id, card.id)

    def _pdf_text(self, pdf):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            return subprocess.run(
                ["pdftotext", handle.name, "-"], capture_output=True, text=True, check=True
            ).stdout

    def test_optional_fields_and_plain_mode(self):
        _card, pdf = self._print(
            is_discreet=False, show_name=True, name_on_card="Mo", show_code_word=True
        )
        text = self._pdf_text(pdf)
        self.assertIn("Mo", text)
        self.assertIn("tulip", text)
        self.assertIn("Riverside Survivor Advocacy", text)

    def test_public_verification_page(self):
        card, _pdf = self._print()
        url = f"/safety/card/{card.sudo().token}"
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        self.assertIn("This card is valid", page.text)
        self.assertIn(card.number, page.text)
        for secret in ("Morgan", "Aunt Jo", "555", "Riverside Survivor Advocacy", "Harbor"):
            self.assertNotIn(secret, page.text)
        self.assertIn("Unknown card", self.url_open("/safety/card/not-a-real-token").text)
        card.expiry_date = fields.Date.today() - timedelta(days=1)
        self.assertIn("This card has expired", self.url_open(url).text)
        card.expiry_date = fields.Date.today() + timedelta(days=30)
        self.plan.with_user(self.advocate).action_report_card_lost()
        self.assertEqual(card.state, "revoked")
        self.assertIn("This card has been revoked", self.url_open(url).text)
        scans = self.env["safety.access.log"].search(
            [("model", "=", "safety.card"), ("action", "=", "scan"), ("res_id", "=", card.id)]
        )
        self.assertEqual(len(scans), 3)

    def test_member_is_taken_to_the_plan(self):
        card, _pdf = self._print()
        self.authenticate("card_advocate", "card_advocate")
        response = self.url_open(f"/safety/card/{card.sudo().token}", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertTrue(response.headers["Location"].endswith(f"/odoo/safety-plans/{self.plan.id}"))
        self.authenticate("card_outsider", "card_outsider")
        page = self.url_open(f"/safety/card/{card.sudo().token}", allow_redirects=False)
        self.assertEqual(page.status_code, 200, "non-members get the public answer")
        self.assertNotIn("Morgan", page.text)

    def test_rate_limit(self):
        statuses = [self.url_open(f"/safety/card/guess-{i}").status_code for i in range(22)]
        self.assertEqual(statuses[:20], [200] * 20)
        self.assertEqual(statuses[20:], [429, 429])

    def test_outsider_cannot_print_or_read_cards(self):
        card, _pdf = self._print()
        with self.assertRaises(AccessError):
            card.with_user(self.outsider).read(["number"])
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(self.outsider).with_context(
                force_report_rendering=True
            )._render_qweb_pdf("victim_safety_planning.action_report_safety_card", card.ids)
        with self.assertRaises(AccessError):
            self.env["safety.card.print.wizard"].with_user(self.outsider).create(
                {"plan_ids": [(6, 0, self.plan.ids)]}
            )

    def test_card_printed_in_survivor_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.survivor.lang = "fr_FR"
        card, pdf = self._print()
        self.assertEqual(card.lang, "fr_FR")
        expiry = card.expiry_date
        text = self._pdf_text(pdf)
        self.assertIn(expiry.strftime("%d/%m/%Y"), text, "dates in the survivor's format")

    def test_report_download_over_http(self):
        card, _pdf = self._print()
        url = f"/report/pdf/victim_safety_planning.report_safety_card/{card.id}"
        self.authenticate("card_outsider", "card_outsider")
        with mute_logger("odoo.http"):
            response = self.url_open(url)
        self.assertNotEqual(response.headers.get("Content-Type"), "application/pdf")
        self.assertNotIn(b"%PDF", response.content[:8])
        self.assertNotIn(card.number.encode(), response.content)
