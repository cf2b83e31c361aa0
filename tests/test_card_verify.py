"""The public pages behind the QR codes: /safety/card/<token> and
/safety/order/<token>."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .card_common import AGENCY, CardCase


@tagged("post_install", "-at_install")
class TestCardVerification(CardCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.today()
        cls.plan = cls._new_plan(
            [{"name": "Aunt Jo", "phone": "+1 415 555 0121"}],
            [{"name": "Harbor House", "street": "9 Secret Way", "is_address_confidential": True}],
            orders=[
                {
                    "order_type": "final",
                    "court": "Riverside County Superior Court",
                    "case_number": "RCV-DV-2025-1187",
                    "issue_date": today - timedelta(days=10),
                    "expiry_date": today + timedelta(days=100),
                    "respondent_name": "Devon Pike",
                }
            ],
        )
        cls.card, _action = cls._issue(cls.plan, include_order_card=True)
        cls.order = cls.plan.protective_order_ids
        cls.card_url = f"/safety/card/{cls.card.sudo().token}"
        cls.order_url = f"/safety/order/{cls.order.sudo().card_token}"

    def _scan_rows(self):
        return self.env["safety.card.scan"].sudo().search_count([])

    def _scans(self, record):
        return self.env["safety.access.log"].search(
            [("model", "=", record._name), ("action", "=", "scan"), ("res_id", "=", record.id)]
        )

    def test_public_card_page(self):
        page = self.url_open(self.card_url)
        self.assertEqual(page.status_code, 200)
        self.assertIn("This card is valid", page.text)
        self.assertIn(self.card.number, page.text)
        for secret in ("Morgan", "Aunt Jo", "555", AGENCY, "Harbor", "Riverside"):
            self.assertNotIn(secret, page.text)
        self.assertIn("Unknown card", self.url_open("/safety/card/not-a-real-token-at-all").text)
        self.card.expiry_date = fields.Date.today() - timedelta(days=1)
        self.assertIn("This card has expired", self.url_open(self.card_url).text)
        self.card.expiry_date = fields.Date.today() + timedelta(days=30)
        self.plan.with_user(self.advocate).action_report_card_lost()
        self.assertIn("This card has been revoked", self.url_open(self.card_url).text)
        self.assertEqual(len(self._scans(self.card)), 3)

    def test_public_order_page_names_nobody(self):
        page = self.url_open(self.order_url)
        self.assertEqual(page.status_code, 200)
        self.assertIn("This order is in effect", page.text)
        for secret in ("Devon", "Pike", "RCV", "Riverside", "Morgan", AGENCY, self.card.number):
            self.assertNotIn(secret, page.text)
        self.order.expiry_date = fields.Date.today() - timedelta(days=1)
        self.assertIn("This order has expired", self.url_open(self.order_url).text)
        self.assertIn("Unknown card", self.url_open("/safety/order/not-a-real-token-at-all").text)
        # a wallet card's token says nothing on the order page, and back
        self.assertIn("Unknown card", self.url_open(f"/safety/order/{self.card.sudo().token}").text)
        self.assertIn(
            "Unknown card", self.url_open(f"/safety/card/{self.order.sudo().card_token}").text
        )
        self.assertEqual(len(self._scans(self.order)), 2)

    def test_members_are_taken_to_the_plan(self):
        self.authenticate("card_advocate", "card_advocate")
        for url in (self.card_url, self.order_url):
            response = self.url_open(url, allow_redirects=False)
            self.assertIn(response.status_code, (302, 303))
            self.assertTrue(
                response.headers["Location"].endswith(f"/odoo/safety-plans/{self.plan.id}")
            )
        self.authenticate("card_outsider", "card_outsider")
        page = self.url_open(self.card_url, allow_redirects=False)
        self.assertEqual(page.status_code, 200, "non-members get the public answer")
        self.assertNotIn("Aunt Jo", page.text)

    def test_rate_limit_shared_and_refusals_write_nothing(self):
        before = self._scan_rows()
        statuses = [
            self.url_open(f"/safety/{kind}/guess-token-{i:04d}-abcdefgh").status_code
            for i, kind in enumerate(["card", "order"] * 11)
        ]
        self.assertEqual(statuses[:20], [200] * 20, "20 checks a minute, cards and orders together")
        self.assertEqual(statuses[20:], [429, 429])
        self.assertEqual(self._scan_rows(), before + 20, "a refused request writes no row")

    def test_malformed_tokens_are_not_found(self):
        before = self._scan_rows()
        with mute_logger("odoo.http", "werkzeug"):
            for url in (
                "/safety/card/abc%00defghijklmnopqrstuvwxyz",
                "/safety/card/%00",
                "/safety/card/not.a.token.with.dots.in.it",
                "/safety/card/token%20with%20spaces%20inside",
                "/safety/card/%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9",
                "/safety/card/short",
                "/safety/order/abc%00defghijklmnopqrstuvwxyz",
                "/safety/order/%27%3B--%20drop%20table%20x",
                f"/safety/card/{'a' * 65}",
            ):
                with self.subTest(url=url):
                    self.assertEqual(self.url_open(url).status_code, 404)
        self.assertEqual(self._scan_rows(), before, "nothing written for a refused request")

    def test_tokens_are_for_members_only(self):
        with self.assertRaises(AccessError):
            self.order.with_user(self.outsider).read(["card_token"])
        with self.assertRaises(AccessError):
            self.order.with_user(self.advocate_other).read(["card_token"])
        with self.assertRaises(AccessError):
            self.card.with_user(self.advocate_other).read(["token"])
        self.assertTrue(self.order.with_user(self.advocate).read(["card_token"])[0]["card_token"])
        self.assertEqual(
            self.env["safety.protective.order"]
            .with_user(self.advocate_other)
            .search_count([("card_token", "=", self.order.sudo().card_token)]),
            0,
            "no search on another team's token",
        )
