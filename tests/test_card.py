"""Wallet cards as printed: the PDF of each card type is rendered once per
class and looked at as a person would (text, 300 dpi image, QR code)."""

import os
import re
from datetime import timedelta
from pathlib import Path

from odoo import fields
from odoo.exceptions import AccessError, MissingError
from odoo.tests import tagged
from odoo.tools import mute_logger

from . import card_pdf
from .card_common import AGENCY, EXPIRY, PUBLIC_URL, CardCase

REFERENCES = Path(__file__).parent / "references"
# VSP_WRITE_CARD_REFERENCES=1 rewrites the reference renderings from this run
# (after a deliberate change of the layout: look at the PNGs first)
WRITE_REFERENCES = os.environ.get("VSP_WRITE_CARD_REFERENCES") == "1"

# What a discreet card must never say, checked on the text poppler extracts.
DISCREET_FORBIDDEN = (
    "violence",
    "violent",
    "abuse",
    "domestic",
    "dv",
    "safety",
    "safe",
    "shelter",
    "refuge",
    "helpline",
    "hotline",
    "crisis",
    "advocacy",
    "advocate",
    "victim",
    "survivor",
    "assault",
    "protective",
)

LONG_NAME = "Alexandrina Konstantinopoulou-Vasquez de la Fuente (cousin in Sacramento)"


@tagged("post_install", "-at_install")
class TestCardRendering(CardCase):
    """The default and the discreet card of one plan, each rendered once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls._new_plan(
            [
                {"name": "Dana Rivera", "phone": "+1 510 555 0121", "code_word": "sunflower"},
                {"name": "Luis Peña Ibáñez (neighbour, 2B)", "phone": "+1 510 555 0122"},
                {
                    "name": "Statewide Domestic Violence Hotline",
                    "partner_id": cls.hotline.id,
                    "phone": "+1 415 555 0105",
                },
                {"name": "Riverside Police \u2013 DV liaison officer", "phone": "+1 510 555 0140"},
                {"name": LONG_NAME, "phone": "+1 510 555 0123"},
                {"name": "Not safe to call", "phone": "+1 510 555 0199", "is_safe_to_call": False},
            ],
            [
                {
                    "name": "Harbor House Shelter",
                    "street": "9 Secret Way",
                    "city": "Riverside",
                    "phone": "+1 415 555 0101",
                    "is_address_confidential": True,
                },
                {
                    "name": "Riverside Public Library",
                    "street": "1 Library Square",
                    "city": "Riverside",
                },
                {"name": "Safe Haven Refuge", "street": "5 Refuge Lane", "city": "Riverside"},
            ],
        )
        common = {
            "contact_limit": 5,
            "resource_ids": [(6, 0, cls.hotline.ids)],
            "show_code_word": True,
        }
        cls.pdf, cls.pages, cls.card = {}, {}, {}
        for kind, values in (
            ("default", {"is_discreet": False, "show_name": True, "name_on_card": "Mo"}),
            ("discreet", {"is_discreet": True, "hotline_label": "Info line"}),
        ):
            card, cls.action = cls._issue(cls.plan, **common, **values)
            # fixed token and number: the reference renderings hold the QR code
            card.sudo().write(
                {"token": f"reference-{kind}-token-0123456789", "number": f"REF{kind[:4].upper()}"}
            )
            cls.card[kind] = card
            cls.pdf[kind] = cls._render(card, kind)
            cls.pages[kind] = card_pdf.render_pages(cls.pdf[kind], cls.tmp, kind)

    def _text(self, kind):
        return card_pdf.normalize(card_pdf.pdf_text(self.pdf[kind]))

    def test_id1_size_front_and_back(self):
        for kind in ("default", "discreet"):
            pages, width, height = card_pdf.pdf_info(self.pdf[kind])
            self.assertEqual(pages, 2, f"{kind}: one card is a front and a back page")
            self.assertAlmostEqual(width, 85.6, delta=0.5)
            self.assertAlmostEqual(height, 54.0, delta=0.5)

    def test_qr_decodes_to_the_configured_address(self):
        for kind in ("default", "discreet"):
            card = self.card[kind]
            self.assertEqual(card_pdf.qr_codes(self.pages[kind][0]), [], "no QR on the front")
            self.assertEqual(
                card_pdf.qr_codes(self.pages[kind][1]),
                [f"{PUBLIC_URL}/safety/card/{card.sudo().token}"],
            )

    def test_qr_is_at_least_20_mm_on_paper(self):
        for kind in ("default", "discreet"):
            width, height = card_pdf.qr_box_mm(self.pages[kind][1])
            self.assertGreaterEqual(width, 22.0, f"{kind}: QR code {width:.1f} mm wide")
            self.assertGreaterEqual(height, 22.0, f"{kind}: QR code {height:.1f} mm high")
            self.assertLess(width, 30.0, "the QR code leaves room for the places")

    def test_content_is_spread_over_the_card(self):
        for kind in ("default", "discreet"):
            for side, png in zip(("front", "back"), self.pages[kind], strict=True):
                blank = card_pdf.blank_fraction(png)
                self.assertLessEqual(
                    blank, 1 / 3, f"{kind} {side}: {blank:.0%} of the card is blank"
                )

    def test_type_sizes_legible_and_consistent(self):
        for kind in ("default", "discreet"):
            sizes = card_pdf.text_sizes(self.pdf[kind])
            smallest = min(size for runs in sizes.values() for _text, size in runs)
            self.assertGreaterEqual(smallest, 6.0, f"{kind}: {sizes}")
            # names print alike on both sides
            front = card_pdf.size_of(sizes[1], "Dana")
            back = card_pdf.size_of(sizes[2], "Public")
            self.assertEqual(front, back, f"{kind}: front {front} pt, back {back} pt")
            self.assertGreaterEqual(front, 8.0)
            self.assertEqual(card_pdf.size_of(sizes[1], "555-0121"), front)

    def test_name_and_number_never_collide(self):
        words = card_pdf.pdf_words(self.pdf["default"], 1)
        text = card_pdf.pdf_text(self.pdf["default"], 1, 1)
        self.assertIn("…", text, "a name too long for its line ends in an ellipsis")
        self.assertNotIn("Sacramento", text)
        numbers = [w for w in words if re.fullmatch(r"\(\d{3}\)", w[0])]
        self.assertEqual(len(numbers), 5, "five contacts; the hotline is one of them")
        for number in numbers:
            same_line = [w for w in words if abs(w[2] - number[2]) < 2 and w[1] < number[1]]
            self.assertTrue(same_line)
            self.assertLess(max(w[3] for w in same_line), number[1], f"{same_line} {number}")
            line = [w[0] for w in words if abs(w[2] - number[2]) < 2]
            self.assertRegex(" ".join(line), r"\(\d{3}\) \d{3}-\d{4}$", "the whole number")

    def test_default_card_contents(self):
        text = self._text("default")
        self.assertIn("Safety Plan", text)
        self.assertIn("Mo", text)
        self.assertIn(AGENCY, text)
        self.assertIn("Statewide Domestic Violence Hotline", text)
        self.assertEqual(
            text.count("(415) 555-0105"), 1, "a hotline among the contacts prints once"
        )
        self.assertIn("Code word with Dana Rivera: sunflower", text, "says whose word it is")
        self.assertIn("1 Library Square, Riverside", text, "an address on one line")
        self.assertNotIn("9 Secret Way", text, "a confidential address is never printed")
        self.assertNotIn("Not safe to call", text)
        self.assertNotIn("Morgan", text, "the survivor's name only when chosen")
        self.assertIn(f"No. {self.card['default'].number}", text)
        self.assertIn("12/31/2039", text)

    def test_discreet_card_says_nothing_of_what_it_is(self):
        text = self._text("discreet")
        lowered = text.lower()
        for word in DISCREET_FORBIDDEN:
            self.assertNotRegex(lowered, rf"(?<!\w){word}(?!\w)", f"“{word}” on a discreet card")
        self.assertNotIn("Riverside Survivor", text, "no agency name")
        self.assertNotIn("Morgan", text)
        self.assertIn("Contacts", text)
        self.assertIn("Info line (415) 555-0105", text, "hotlines under the neutral label")
        self.assertEqual(text.count("(415) 555-0105"), 1)
        self.assertIn("Riverside Police \u2013 liaison officer", text)
        self.assertIn("Harbor House", text)
        self.assertIn("Haven", text)
        self.assertNotIn("5 Refuge Lane", text)
        self.assertIn("Code word with Dana Rivera: sunflower", text)

    def test_reference_renderings(self):
        for kind in ("default", "discreet"):
            actual = "\n\n".join(card_pdf.ink_map(png) for png in self.pages[kind]) + "\n"
            reference = REFERENCES / f"card_{kind}.txt"
            if WRITE_REFERENCES:
                reference.write_text(actual)
                continue
            difference = card_pdf.ink_map_difference(reference.read_text(), actual)
            if difference > 0.03:
                (self.tmp / f"card_{kind}.txt").write_text(actual)
            self.assertLessEqual(
                difference,
                0.03,
                f"the {kind} card differs from {reference.name} in {difference:.1%} of its "
                f"2 mm cells (this run: {self.tmp / f'card_{kind}.txt'} and the PNGs beside "
                "it). A deliberate layout change: look at the PNGs, then rerun with "
                "VSP_WRITE_CARD_REFERENCES=1.",
            )

    def test_print_closes_the_dialog_and_is_logged(self):
        self.assertEqual(self.action["type"], "ir.actions.report")
        self.assertTrue(self.action["close_on_report_download"])
        log = self.env["safety.access.log"].search(
            [("model", "=", "safety.card"), ("action", "=", "print")]
        )
        self.assertEqual(
            set(log.mapped("res_id")), set(self.card["default"].ids + self.card["discreet"].ids)
        )


@tagged("post_install", "-at_install")
class TestCardUnicode(CardCase):
    """Contacts and places in every script a survivor's card may carry, in
    a card printed in French: what was entered is what poppler reads."""

    CONTACTS = (
        "José Peña — tío",
        "Светлана Орлова",
        "Ελένη Παπαδοπούλου",
        "فاطمة الحداد",
        "שרה לוי",
        "王芳",
    )
    PLACES = (
        ("Nguyễn Thị Thảo", "12 Phố Huế, Hà Nội"),
        ("Библиотека", "ул. Ленина 5, Москва"),
        ("مكتبة المدينة", "北京市朝阳区"),
    )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        plan = cls._new_plan(
            [
                {"name": name, "phone": f"+1 415 555 01{20 + i}"}
                for i, name in enumerate(cls.CONTACTS)
            ],
            [
                {
                    "name": name,
                    "street": street.split(", ")[0],
                    "city": [*street.split(", "), ""][1],
                }
                for name, street in cls.PLACES
            ],
            lang="fr_FR",
        )
        cls.card, _action = cls._issue(
            plan, is_discreet=False, contact_limit=6, resource_ids=[(5, 0, 0)]
        )
        cls.pdf = cls._render(cls.card, "unicode")

    def test_every_script_prints_as_entered(self):
        text = card_pdf.normalize(card_pdf.pdf_text(self.pdf))
        for name in self.CONTACTS:
            self.assertIn(card_pdf.normalize(name), text)
        for name, address in self.PLACES:
            self.assertIn(card_pdf.normalize(name), text)
            self.assertIn(card_pdf.normalize(address), text)
        self.assertNotIn("Ã", text, "no mojibake")

    def test_printed_in_the_survivor_language(self):
        self.assertEqual(self.card.lang, "fr_FR")
        text = card_pdf.pdf_text(self.pdf)
        self.assertIn(EXPIRY.strftime("%d/%m/%Y"), text, "dates in the survivor's format")

    def test_code_word_is_never_cut(self):
        """A longer label in the survivor's language gives way; the word doesn't."""
        self.env["res.lang"]._activate_lang("es_419")
        self.env["ir.module.module"]._load_module_terms(
            ["victim_safety_planning"], ["es_419"], overwrite=True
        )
        plan = self._new_plan(
            [
                {
                    "name": "Maximiliana Konstantinopoulou-Vasquez de la Fuente",
                    "phone": "+1 510 555 0121",
                    "code_word": "girasol amarillo",
                }
            ],
            name="Begoña Ibáñez",
            lang="es_419",
        )
        card, _action = self._issue(plan, show_code_word=True, resource_ids=[(5, 0, 0)])
        text = card_pdf.normalize(card_pdf.pdf_text(self._render(card, "code_word")))
        self.assertIn("Palabra clave con", text)
        self.assertIn("girasol amarillo", text)

    def test_every_report_declares_utf8(self):
        """Each PDF report of the addon reaches wkhtmltopdf inside Odoo's
        layout that declares UTF-8 (a bare page is read as Latin-1)."""
        reports = self.env["ir.actions.report"].search(
            [("report_type", "=", "qweb-pdf"), ("report_name", "=like", "victim_safety_planning.%")]
        )
        self.assertTrue(reports)
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        for report in reports:
            record = (
                self.card
                if report.model == "safety.card"
                else self.env[report.model].search([], limit=1)
            )
            if report.model == "safety.referral":
                # a sheet prints under a valid release only
                record = record.search([]).filtered(lambda r: r._safety_valid_consent())[:1]
            self.assertTrue(record, f"a {report.model} to print {report.name}")
            html = Report._render_qweb_html(report.report_name, record.ids)[0]
            bodies = report._prepare_html(html, report_model=report.model)[0]
            self.assertTrue(bodies)
            for body in bodies:
                self.assertRegex(body, r'<meta charset="utf-8"', report.name)


@tagged("post_install", "-at_install")
class TestProtectiveOrderCard(CardCase):
    """A discreet wallet card with the protective order card: one plan with
    an active order gets it, one whose order expired does not."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.today()
        cls.plan = cls._new_plan(
            [{"name": "Dana Rivera", "phone": "+1 510 555 0121"}],
            orders=[
                {
                    "order_type": "final",
                    "court": "Riverside County Superior Court",
                    "case_number": "RCV-DV-2025-1187",
                    "issue_date": today - timedelta(days=200),
                    "expiry_date": today + timedelta(days=165),
                    "respondent_name": "Devon Pike",
                    "respondent_description": "6 ft 1 in, beard, grey pickup 8ABC123",
                    "conditions": "Stay 50 yards away from home and work. No contact.",
                }
            ],
        )
        cls.expired_plan = cls._new_plan(
            [{"name": "Chris Blake", "phone": "+1 510 555 0131"}],
            name="Jordan Cardholder",
            orders=[
                {
                    "order_type": "emergency",
                    "court": "Old Court",
                    "case_number": "OLD-1",
                    "issue_date": today - timedelta(days=60),
                    "expiry_date": today - timedelta(days=30),
                    "respondent_name": "Kyle Expired",
                }
            ],
        )
        plans = cls.plan | cls.expired_plan
        cls.wizard = cls._wizard(plans, include_order_card=True, resource_ids=[(5, 0, 0)])
        action = cls.wizard.action_print()
        cls.cards = cls.env["safety.card"].browse(action["context"]["active_ids"])
        cls.order = cls.plan.protective_order_ids
        cls.pdf = cls._render(cls.cards, "orders")
        cls.pages = card_pdf.render_pages(cls.pdf, cls.tmp, "orders")

    def test_only_active_orders_get_a_card(self):
        self.assertTrue(self.wizard.has_active_order)
        card = self.cards.filtered(lambda c: c.plan_id == self.plan)
        self.assertEqual(card.order_ids, self.order)
        self.assertFalse(self.cards.filtered(lambda c: c.plan_id == self.expired_plan).order_ids)
        self.assertEqual(len(self.pages), 6, "wallet card and order card, then a wallet card")
        self.assertNotIn("Kyle Expired", card_pdf.pdf_text(self.pdf))
        only_expired = self._wizard(self.expired_plan)
        self.assertFalse(only_expired.has_active_order, "no order card offered")

    def test_order_card_contents(self):
        text = card_pdf.normalize(card_pdf.pdf_text(self.pdf, 3, 4))
        for expected in (
            "Protective Order",
            "Final",
            "Riverside County Superior Court",
            "RCV-DV-2025-1187",
            self.order.issue_date.strftime("%m/%d/%Y"),
            self.order.expiry_date.strftime("%m/%d/%Y"),
            "Devon Pike",
            "6 ft 1 in, beard, grey pickup 8ABC123",
            "Stay 50 yards away from home and work. No contact.",
            AGENCY,
        ):
            self.assertIn(expected, text)
        self.assertNotIn("Morgan", text, "the survivor is not named")
        wallet = card_pdf.normalize(card_pdf.pdf_text(self.pdf, 1, 2))
        self.assertNotIn(AGENCY, wallet, "the wallet card stays discreet beside it")

    def test_order_qr_verifies_the_order(self):
        self.assertEqual(
            card_pdf.qr_codes(self.pages[3]),
            [f"{PUBLIC_URL}/safety/order/{self.order.sudo().card_token}"],
        )
        width, _height = card_pdf.qr_box_mm(self.pages[3])
        self.assertGreaterEqual(width, 20.0)
        self.assertNotEqual(self.order.sudo().card_token, self.cards[0].sudo().token)
        log = self.env["safety.access.log"].search(
            [("model", "=", "safety.card"), ("action", "=", "print")]
        )
        self.assertEqual(set(log.mapped("res_id")), set(self.cards.ids))


@tagged("post_install", "-at_install")
class TestCardAccess(CardCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls._new_plan([{"name": "Aunt Jo", "phone": "+1 415 555 0121"}])
        cls.card, _action = cls._issue(cls.plan)

    def test_outsider_cannot_print_or_read_cards(self):
        with self.assertRaises(AccessError):
            self.card.with_user(self.outsider).read(["number"])
        with self.assertRaises(AccessError):
            self._render(self.card, "outsider", user=self.outsider)
        with self.assertRaises(AccessError):
            self.env["safety.card.print.wizard"].with_user(self.outsider).create(
                {"plan_ids": [(6, 0, self.plan.ids)]}
            )
        # another team: the card answers as one that does not exist
        with self.assertRaises(MissingError):
            self._render(self.card, "other_team", user=self.advocate_other)

    def test_report_download_over_http(self):
        url = f"/report/pdf/victim_safety_planning.report_safety_card/{self.card.id}"
        self.authenticate("card_outsider", "card_outsider")
        with mute_logger("odoo.http"):
            response = self.url_open(url)
        self.assertNotEqual(response.headers.get("Content-Type"), "application/pdf")
        self.assertNotIn(b"%PDF", response.content[:8])
        self.assertNotIn(self.card.number.encode(), response.content)
