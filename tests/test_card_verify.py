"""The public pages behind the QR codes: /safety/card/<token> and
/safety/order/<token>."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from unittest.mock import patch

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import AccessError
from odoo.modules.registry import Registry
from odoo.orm.environments import Transaction
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import config, mute_logger
from odoo.tools.translate import CodeTranslations

from ..controllers.main import SafetyCardController
from ..models.safety_card_scan import SCANS_PER_MINUTE
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
        return sum(self.env["safety.card.scan"].sudo().search([]).mapped("request_count"))

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
        self.card.write(
            {
                "issue_date": fields.Date.today() - timedelta(days=30),
                "expiry_date": fields.Date.today() - timedelta(days=1),
            }
        )
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
        # a member who may not read the plan (another team) gets the public
        # answer too: no redirect naming the plan's id
        self.authenticate("card_advocate_other", "card_advocate_other")
        for url in (self.card_url, self.order_url):
            page = self.url_open(url, allow_redirects=False)
            self.assertEqual(page.status_code, 200, url)
            self.assertNotIn("Location", page.headers)
            self.assertNotIn(f"safety-plans/{self.plan.id}", page.text)

    def test_rate_limit_shared_and_refusals_write_nothing(self):
        before = self._scan_rows()
        statuses = [
            self.url_open(f"/safety/{kind}/guess-token-{i:04d}-abcdefgh").status_code
            for i, kind in enumerate(["card", "order"] * 11)
        ]
        self.assertEqual(statuses[:20], [200] * 20, "20 checks a minute, cards and orders together")
        self.assertEqual(statuses[20:], [429, 429])
        self.assertEqual(self._scan_rows(), before + 20, "a refused request writes no row")

    def _checks(self, headers_of, count=SCANS_PER_MINUTE + 2):
        return [
            self.url_open(
                f"/safety/card/guess-token-{i:04d}-abcdefgh", headers=headers_of(i)
            ).status_code
            for i in range(count)
        ]

    def test_forged_forwarding_headers_do_not_lift_the_limit(self):
        """Without --proxy-mode, X-Forwarded-* headers are not read at all."""
        self.assertFalse(config["proxy_mode"])
        statuses = self._checks(
            lambda i: {"X-Forwarded-For": f"203.0.113.{i}", "X-Forwarded-Host": f"h{i}.example.org"}
        )
        self.assertEqual(statuses, [200] * 20 + [429, 429])

    def test_forged_forwarding_headers_behind_a_proxy(self):
        """With --proxy-mode the address counted is the one the proxy adds
        last to X-Forwarded-For, whatever the client wrote before it."""
        with patch.dict(config.options, {"proxy_mode": True}):
            statuses = self._checks(
                lambda i: {
                    # the client's own header, then the address the proxy appends
                    "X-Forwarded-For": f"10.0.0.{i}, 203.0.113.{i}, 198.51.100.7",
                    "X-Forwarded-Host": f"h{i}.example.org",
                }
            )
            self.assertEqual(statuses, [200] * 20 + [429, 429])
            other = self.url_open(
                "/safety/card/guess-token-other-abcdefgh",
                headers={"X-Forwarded-For": "198.51.100.8", "X-Forwarded-Host": "odoo.example.org"},
            )
            self.assertEqual(other.status_code, 200, "another client has checks of its own")
        # a request straight from a public address did not come through the
        # proxy: its own X-Forwarded-For is not believed
        address = SafetyCardController._safety_client_address
        forwarded = {
            "REMOTE_ADDR": "203.0.113.99",
            "werkzeug.proxy_fix.orig": {"REMOTE_ADDR": "93.184.216.34"},
        }
        self.assertEqual(address(forwarded), "93.184.216.34")
        forwarded["werkzeug.proxy_fix.orig"]["REMOTE_ADDR"] = "127.0.0.1"
        self.assertEqual(address(forwarded), "203.0.113.99")
        self.assertEqual(address({"REMOTE_ADDR": "192.0.2.1"}), "192.0.2.1")

    def test_too_many_requests_is_translated(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        message = "Too many requests. Try again in a minute."
        original = CodeTranslations.get_python_translations

        def translations(code_translations, module, lang):
            result = original(code_translations, module, lang)
            if module == "victim_safety_planning" and lang == "fr_FR":
                result = dict(result, **{message: "Trop de vérifications : réessayez."})
            return result

        with patch.object(CodeTranslations, "get_python_translations", translations):
            self.env.ref("base.public_user").lang = "fr_FR"
            answers = [
                self.url_open(
                    f"/safety/card/guess-token-{i:04d}-abcdefgh",
                    headers={"Accept-Language": "fr-FR,fr;q=0.9"},
                )
                for i in range(SCANS_PER_MINUTE + 1)
            ]
        self.assertEqual(answers[-1].status_code, 429)
        self.assertIn("Trop de vérifications", answers[-1].text)
        with open(f"{__file__.rsplit('/tests/', 1)[0]}/i18n/victim_safety_planning.pot") as pot:
            self.assertTrue(f'msgid "{message}"' in pot.read(), "the .pot has the message")

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
        # another team's order and card answer as ones that do not exist
        self.assertEqual(self.order.with_user(self.advocate_other).read(["card_token"]), [])
        self.assertEqual(self.card.with_user(self.advocate_other).read(["token"]), [])
        self.assertTrue(self.order.with_user(self.advocate).read(["card_token"])[0]["card_token"])
        self.assertEqual(
            self.env["safety.protective.order"]
            .with_user(self.advocate_other)
            .search_count([("card_token", "=", self.order.sudo().card_token)]),
            0,
            "no search on another team's token",
        )


@tagged("post_install", "-at_install")
class TestCardScanConcurrency(BaseCase):
    """Parallel checks of one client, each on its own database cursor as
    HTTP workers would make them: exactly the limit gets through."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        self.client_hash = f"concurrency-test-{time.time_ns()}"
        self.addCleanup(self._remove_rows)

    def _remove_rows(self):
        with self.registry.cursor() as cr:
            cr.execute("DELETE FROM safety_card_scan WHERE client_hash = %s", [self.client_hash])

    def _count(self):
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT request_count FROM safety_card_scan WHERE client_hash = %s",
                [self.client_hash],
            )
            row = cr.fetchone()
        return row and row[0]

    def test_parallel_checks_let_no_more_through(self):
        workers = 12
        barrier = threading.Barrier(workers)

        def check(_index):
            barrier.wait()
            results = []
            for _attempt in range(3):
                with self.registry.cursor() as cr:
                    # while the test runner installs the addon it holds the
                    # registry lock Environment() takes: hand it over instead
                    cr.transaction = Transaction(self.registry)
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    results.append(env["safety.card.scan"]._register_request(self.client_hash))
            return results

        with mute_logger("odoo.sql_db"), ThreadPoolExecutor(workers) as pool:
            futures = [pool.submit(check, index) for index in range(workers)]
            results = [ok for future in futures for ok in future.result(timeout=120)]
        self.assertEqual(results.count(True), SCANS_PER_MINUTE, "36 checks, 20 through")
        self.assertEqual(self._count(), SCANS_PER_MINUTE, "refused checks wrote nothing")
