"""Issuing cards: one valid card per plan, reporting one lost, the public
address they carry, the print dialog. No PDF is rendered here."""

from datetime import timedelta

from lxml import etree

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .card_common import PUBLIC_URL, CardCase

PARAM = "victim_safety_planning.card_base_url"


@tagged("post_install", "-at_install")
class TestCardIssue(CardCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls._new_plan(
            [{"name": "Aunt Jo", "phone": "+1 415 555 0121", "code_word": "tulip"}]
        )

    def _notes(self, plan):
        return plan.message_ids.filtered(lambda m: m.subtype_id == self.env.ref("mail.mt_note"))

    def test_one_valid_card_per_plan(self):
        first, _action = self._issue(self.plan)
        self.assertEqual(first.state, "active")
        self.assertTrue(self.plan.has_active_card)
        second, _action = self._issue(self.plan, is_discreet=False)
        self.assertEqual(first.state, "revoked")
        self.assertEqual(first.revoke_reason, "replaced")
        self.assertEqual(second.state, "active")
        self.assertEqual(
            self.env["safety.card"].search_count(
                [("plan_id", "=", self.plan.id), ("state", "=", "active")]
            ),
            1,
        )
        note = self._notes(self.plan)[:1]
        body = str(note.body)
        self.assertIn(second.number, body)
        self.assertIn("Maya Cardwell", body, "who printed it")
        self.assertIn(first.number, body, "the replaced card is named")
        self.assertIn("revoked", body)
        first_note = self._notes(self.plan).filtered(
            lambda m, n=first.number: f"card {n} printed" in str(m.body)
        )
        self.assertEqual(len(first_note), 1, "each print is noted")

    def test_issuing_through_the_orm_keeps_one_valid_card(self):
        Card = self.env["safety.card"].with_user(self.advocate)
        old = Card.create({"plan_id": self.plan.id})
        new = Card.create({"plan_id": self.plan.id})
        self.assertEqual((old.state, new.state), ("revoked", "active"))
        with self.assertRaises(UserError):
            Card.create([{"plan_id": self.plan.id}, {"plan_id": self.plan.id}])

    def test_report_lost_only_with_an_active_card(self):
        arch = etree.fromstring(self.plan.get_views([(False, "form")])["views"]["form"]["arch"])
        button = arch.xpath("//button[@name='action_report_card_lost']")[0]
        self.assertEqual(button.get("invisible"), "not has_active_card")
        plan = self.plan.with_user(self.advocate)
        self.assertFalse(plan.has_active_card)
        with self.assertRaisesRegex(UserError, "no active card"):
            plan.action_report_card_lost()
        card, _action = self._issue(self.plan)
        self.assertTrue(plan.has_active_card)
        notes_before = len(self._notes(self.plan))
        plan.action_report_card_lost()
        self.assertEqual(card.state, "revoked")
        self.assertEqual(card.revoke_reason, "lost")
        self.assertFalse(plan.has_active_card)
        notes = self._notes(self.plan)
        self.assertEqual(len(notes), notes_before + 1)
        self.assertIn(card.number, str(notes[0].body))
        self.assertIn("lost", str(notes[0].body))
        # no savepoint: a note posted before the check would stay
        self.assertRaisesInTransaction(UserError, plan.action_report_card_lost, "no active card")
        self.assertEqual(len(self._notes(self.plan)), notes_before + 1, "no second note")
        with self.assertRaisesRegex(UserError, "not active"):
            card.with_user(self.advocate).action_revoke()

    def test_expired_card_is_not_active(self):
        card, _action = self._issue(self.plan)
        # sudo: the issue date is the system's
        card.sudo().write(
            {
                "issue_date": fields.Date.today() - timedelta(days=30),
                "expiry_date": fields.Date.today() - timedelta(days=1),
            }
        )
        self.assertEqual(card.state, "expired")
        self.assertFalse(self.plan.has_active_card)

    def test_dialog_closes_once_printed(self):
        _card, action = self._issue(self.plan)
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_name"], "victim_safety_planning.report_safety_card")
        self.assertTrue(action["close_on_report_download"])

    def test_code_word_says_whose_word_it_is(self):
        card, _action = self._issue(self.plan, show_code_word=True)
        self.assertEqual(card.code_word, "tulip")
        self.assertEqual(card._card_code_word(), ("Aunt Jo", "tulip"))
        card, _action = self._issue(self.plan)
        self.assertFalse(card._card_code_word(), "no code word unless chosen")

    def test_only_active_plans(self):
        draft = (
            self.env["safety.plan"]
            .with_user(self.advocate)
            .create({"survivor_id": self.plan.survivor_id.id})
        )
        with self.assertRaisesRegex(UserError, "active plans only"):
            self._issue(draft)

    def test_front_holds_six_lines(self):
        second = self.env["res.partner"].create(
            {"name": "Second line", "safety_resource_type": "hotline", "phone": "+1 415 555 0106"}
        )
        with self.assertRaisesRegex(UserError, "holds 6 lines"):
            self._issue(
                self.plan, contact_limit=5, resource_ids=[(6, 0, (self.hotline | second).ids)]
            )
        with self.assertRaisesRegex(UserError, "between 0 and 6"):
            self._issue(self.plan, contact_limit=7, resource_ids=[(5, 0, 0)])

    def test_discreet_label_must_be_neutral(self):
        for label in ("Hotline", "DV helpline", "Línea de crisis", "Shelter"):
            with self.assertRaisesRegex(UserError, "Label for Hotlines"):
                self._issue(self.plan, hotline_label=label)
        card, _action = self._issue(self.plan, hotline_label="Tía Rosa")
        self.assertEqual(card._card_hotline_label(), "Tía Rosa")
        # a plain card names hotlines: any label will do
        self._issue(self.plan, is_discreet=False, hotline_label="Hotline")

    def test_default_label_prints_in_the_card_language(self):
        self.env["res.lang"]._activate_lang("es_419")
        self.env["ir.module.module"]._load_module_terms(
            ["victim_safety_planning"], ["es_419"], overwrite=True
        )
        self.plan.survivor_id.lang = "es_419"
        card, _action = self._issue(self.plan)
        self.assertEqual(card.lang, "es_419")
        self.assertEqual(
            card.with_context(lang=card.lang)._card_hotline_label(), "Línea de información"
        )

    def test_other_team_cannot_print(self):
        # another team: the plan answers as one that does not exist
        # (the dialog's link check says so in its own words, as for a made-up id)
        with self.assertRaisesRegex(UserError, "does not exist"):
            self._issue(self.plan, user=self.advocate_other)


@tagged("post_install", "-at_install")
class TestCardAddress(CardCase):
    """The public address of Settings: on cards, on the print dialog and in
    the overdue-review digest; never missing or local when printing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls._new_plan([{"name": "Aunt Jo", "phone": "+1 415 555 0121"}])

    def _set(self, value):
        self.env["ir.config_parameter"].set_param(PARAM, value)

    def test_printing_refuses_a_missing_or_local_address(self):
        for value in (
            False,
            "http://localhost:8069",
            "http://127.0.0.1:8069",
            "http://127.10.0.1",
            "http://10.0.0.12",
            "https://192.168.1.20/",
            "http://172.16.5.4",
            "http://[::1]:8069",
            "http://[fd00::1]",
            "http://169.254.1.1",
            "http://0.0.0.0:8069",
            "http://odoo:8069",
            "http://odoo.local",
            "http://cards.localhost",
            "ftp://cards.example.org",
            "cards.example.org",
            "https://user:secret@cards.example.org",
        ):
            self._set(value)
            with (
                self.subTest(value=value),
                self.assertRaisesRegex(UserError, "Card verification address"),
            ):
                self._issue(self.plan)
        self.assertFalse(self.plan.card_ids, "nothing issued")

    def test_public_addresses_are_accepted(self):
        for value, base in (
            ("https://cards.example.org/", "https://cards.example.org"),
            ("https://odoo.example.org/agency", "https://odoo.example.org/agency"),
            ("http://203.0.113.9", None),
            ("https://8.8.8.8", "https://8.8.8.8"),
        ):
            self._set(value)
            Card = self.env["safety.card"]
            if base is None:
                # documentation range: not routable on the internet either
                with self.assertRaises(UserError):
                    Card._safety_public_base_url()
                continue
            self.assertEqual(Card._safety_public_base_url(), base)
            card, _action = self._issue(self.plan)
            self.assertEqual(card._verification_url(), f"{base}/safety/card/{card.sudo().token}")

    def test_print_dialog_shows_the_address(self):
        wizard = self._wizard(self.plan)
        self.assertEqual(wizard.card_base_url, PUBLIC_URL)
        self.assertFalse(wizard.card_base_url_problem)
        self._set("http://localhost:8069")
        wizard = self._wizard(self.plan)
        self.assertEqual(wizard.card_base_url, "http://localhost:8069")
        self.assertIn("localhost", wizard.card_base_url_problem)

    def test_settings_refuse_a_local_address(self):
        Settings = self.env["res.config.settings"]
        with self.assertRaisesRegex(ValidationError, "Card verification address"):
            Settings.create({"safety_card_base_url": "http://192.168.0.5:8069"}).execute()
        Settings.create({"safety_card_base_url": "https://help.example.org/"}).execute()
        self.assertEqual(
            self.env["ir.config_parameter"].get_param(PARAM), "https://help.example.org"
        )

    def test_overdue_digest_links_through_the_setting(self):
        supervisor = self.env["res.users"].create(
            {
                "name": "Sue Supervisor",
                "login": "card_supervisor",
                "group_ids": [
                    (6, 0, self.env.ref("victim_safety_planning.group_safety_supervisor").ids)
                ],
            }
        )
        self.env["ir.config_parameter"].set_param("web.base.url", "http://localhost:8069")
        self.env["safety.plan.scheduler"]._notify_overdue(self.plan, supervisor)
        digest = self.env["mail.message"].search(
            [("partner_ids", "in", supervisor.partner_id.ids)], order="id desc", limit=1
        )
        self.assertIn(f'href="{PUBLIC_URL}/odoo/safety.plan/{self.plan.id}"', str(digest.body))
        self.assertNotIn("localhost", str(digest.body))
        # without a public address the digest still links, to Odoo's own
        self._set(False)
        self.env["safety.plan.scheduler"]._notify_overdue(self.plan, supervisor)
        digest = self.env["mail.message"].search(
            [("partner_ids", "in", supervisor.partner_id.ids)], order="id desc", limit=1
        )
        self.assertIn("http://localhost:8069/odoo/safety.plan/", str(digest.body))

    def test_a_card_is_never_issued_expired_nor_with_a_negative_limit(self):
        """Whether through the dialog or a card created over the API."""
        yesterday = fields.Date.today() - timedelta(days=1)
        with self.assertRaisesRegex(ValidationError, "Expiry Date"):
            self._issue(self.plan, expiry_date=yesterday)
        Card = self.env["safety.card"].with_user(self.advocate)
        with self.assertRaisesRegex(ValidationError, "Expiry Date"):
            Card.create({"plan_id": self.plan.id, "expiry_date": yesterday})
        for limit in (-1, 99):
            with self.assertRaisesRegex(ValidationError, "Contact Limit"):
                Card.create({"plan_id": self.plan.id, "contact_limit": limit})
