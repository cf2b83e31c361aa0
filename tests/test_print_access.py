from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, MissingError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .card_common import EXPIRY
from .common import SafetyCommon


@tagged("post_install", "-at_install")
class TestPrintAccess(SafetyCommon):
    """Every report of survivor data asks the database whether the printer
    may read its records before it renders: the field cache is one per
    transaction, shared by all users, so values an advocate's print already
    read must not print for someone else in the same transaction."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survivor.with_user(cls.advocate).write({"name": "Zoë Ñúñez \u2013 Лидия 李娜 ليلى"})
        cls.plan.write(
            {
                "emergency_contact_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Hélène Дарья",
                            "phone": "+1 415 555 0142",
                            "is_safe_to_call": True,
                        },
                    )
                ],
            }
        )
        cls.plan.with_user(cls.advocate).action_activate()
        cls.shelter = cls.env["res.partner"].create(
            {
                "name": "Maison d'Hélène \u2013 夜间",
                "is_company": True,
                "safety_resource_type": "shelter",
                "email": "accueil@maisonhelene.example.org",
            }
        )
        today = fields.Date.context_today(cls.env["safety.consent"].with_user(cls.advocate))
        cls.consent = (
            cls.env["safety.consent"]
            .with_user(cls.advocate)
            .create(
                {
                    "plan_id": cls.plan.id,
                    "recipient_id": cls.shelter.id,
                    "purpose": "Demande d'hébergement",
                    "scope": "Nom, téléphone",
                    "signed_date": today,
                    "expiry_date": today + timedelta(days=30),
                    "is_contact_shared": True,
                    "is_email_allowed": True,
                    "share_email": "accueil@maisonhelene.example.org",
                    "is_signed_on_paper": True,
                }
            )
            .with_env(cls.env)
        )
        cls.referral = (
            cls.env["safety.referral"]
            .with_user(cls.advocate)
            .create(
                {
                    "plan_id": cls.plan.id,
                    "partner_id": cls.shelter.id,
                    "consent_id": cls.consent.id,
                    "reason": "Besoin d'un lit \u2013 سرير",
                }
            )
            .with_env(cls.env)
        )
        action = (
            cls.env["safety.card.print.wizard"]
            .with_user(cls.advocate)
            .with_context(active_model="safety.plan", active_ids=cls.plan.ids)
            .create({"expiry_date": EXPIRY})
            .action_print()
        )
        cls.card = cls.env["safety.card"].browse(action["context"]["active_ids"])

    def _render(self, report, records, user, data=None):
        # in tests the PDF falls back to HTML: the same templates, the same rendering context
        return (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_qweb_pdf(report, records.ids, data=data)[0]
        )

    def _cases(self):
        return [
            ("victim_safety_planning.action_report_safety_plan", self.plan, None),
            # the print dialog sends its plans in the data, no ids
            (
                "victim_safety_planning.action_report_safety_plan",
                self.plan.browse(),
                {"plan_ids": self.plan.ids},
            ),
            ("victim_safety_planning.action_report_safety_card", self.card, None),
            ("victim_safety_planning.action_report_safety_consent", self.consent, None),
            ("victim_safety_planning.action_report_safety_referral", self.referral, None),
        ]

    def test_cached_values_do_not_print_for_other_team(self):
        self.assertTrue(self.card)
        for report, records, data in self._cases():
            with self.subTest(report=report, data=data):
                html = self._render(report, records, self.advocate, data=data)
                self.assertIn("Hélène", html.decode())
                # same transaction, caches untouched: the values are in the cache
                with mute_logger("odoo.models"), self.assertRaises(MissingError):
                    self._render(report, records, self.advocate_other, data=data)

    def test_cached_values_do_not_print_for_non_member(self):
        for report, records, data in self._cases():
            with self.subTest(report=report, data=data):
                self._render(report, records, self.advocate, data=data)
                with mute_logger("odoo.models"), self.assertRaises(AccessError):
                    self._render(report, records, self.outsider, data=data)

    def test_html_preview_is_refused_too(self):
        for report, records, data in self._cases():
            with self.subTest(report=report, data=data):
                Report = self.env["ir.actions.report"]
                Report.with_user(self.advocate)._render_qweb_html(report, records.ids, data=data)
                with mute_logger("odoo.models"), self.assertRaises(MissingError):
                    Report.with_user(self.advocate_other)._render_qweb_html(
                        report, records.ids, data=data
                    )

    def test_supervisor_still_prints(self):
        for report, records, data in self._cases():
            with self.subTest(report=report, data=data):
                self._render(report, records, self.supervisor, data=data)
