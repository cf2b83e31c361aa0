from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import SafetyCommon


@tagged("post_install", "-at_install")
class TestConsent(SafetyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.recipient = cls.env["res.partner"].create(
            {"name": "Eastside Legal Aid", "is_company": True}
        )

    def _consent(self, **vals):
        return (
            self.env["safety.consent"]
            .with_user(self.advocate)
            .create(
                {
                    "plan_id": self.plan.id,
                    "recipient_id": self.recipient.id,
                    "purpose": "Custody hearing",
                    "scope": "Dates of the incidents and the protective order",
                    "signed_date": date(2026, 3, 1),
                    "expiry_date": date(2026, 9, 1),
                    "is_signed_on_paper": True,
                    **vals,
                }
            )
        )

    @freeze_time("2026-05-04")
    def test_state_from_dates(self):
        consents = {
            "active": self._consent(),
            "expiring": self._consent(expiry_date=date(2026, 5, 18)),
            "expired": self._consent(expiry_date=date(2026, 5, 3)),
            "revoked": self._consent(),
        }
        consents["revoked"].action_revoke()
        self.assertEqual({key: c.state for key, c in consents.items()}, {k: k for k in consents})
        self.assertEqual(set(self.plan.consent_ids.ids), {c.id for c in consents.values()})

        Consent = self.env["safety.consent"].with_user(self.advocate)
        ids = [consent.id for consent in consents.values()]

        def found(domain):
            records = Consent.search([("id", "in", ids), *domain])
            return {key for key, consent in consents.items() if consent in records}

        for state in consents:
            with self.subTest(state=state):
                self.assertEqual(found([("state", "in", [state])]), {state})
        self.assertEqual(found([("state", "in", ["expired", "revoked"])]), {"expired", "revoked"})
        self.assertEqual(found([("state", "!=", "active")]), {"expiring", "expired", "revoked"})

        # the lead time is the release reminder of Settings
        self.env["ir.config_parameter"].set_param(
            "victim_safety_planning.consent_reminder_days", 30
        )
        self.env.invalidate_all()
        self.assertEqual(found([("state", "in", ["expiring"])]), {"expiring"})
        self.env["ir.config_parameter"].set_param(
            "victim_safety_planning.consent_reminder_days", 10
        )
        self.env.invalidate_all()
        self.assertEqual(consents["expiring"].state, "active")
        self.assertEqual(found([("state", "in", ["expiring"])]), set())

    @freeze_time("2026-05-04")
    def test_expiry_is_required_and_explained(self):
        Consent = self.env["safety.consent"].with_user(self.advocate)
        vals = {
            "plan_id": self.plan.id,
            "recipient_id": self.recipient.id,
            "purpose": "Housing",
            "scope": "Name only",
        }
        message = "Expiry Date.*time-limited"
        with self.assertRaisesRegex(ValidationError, message):
            Consent.create(vals)
        with self.assertRaisesRegex(ValidationError, message):
            Consent.create(dict(vals, expiry_date=False))
        consent = Consent.create(dict(vals, expiry_date=date(2026, 6, 1)))
        self.assertEqual(consent.signed_date, date(2026, 5, 4), "signed today by default")
        with self.assertRaisesRegex(ValidationError, message):
            consent.write({"expiry_date": False})

    @freeze_time("2026-05-04")
    def test_bad_dates(self):
        with self.assertRaisesRegex(
            ValidationError, "Expiry Date 02/28/2026 is before the Signed Date 03/01/2026"
        ):
            self._consent(expiry_date=date(2026, 2, 28))
        with self.assertRaisesRegex(ValidationError, "Signed Date 05/05/2026 is in the future"):
            self._consent(signed_date=date(2026, 5, 5))
        self.assertEqual(self._consent(expiry_date=date(2026, 3, 1)).state, "expired")

    @freeze_time("2026-05-04")
    def test_revoke_posts_on_plan(self):
        consent = self._consent()
        note = self.env.ref("mail.mt_note")
        before = self.plan.message_ids
        consent.action_revoke()
        self.assertEqual(consent.revoked_date, date(2026, 5, 4))
        self.assertEqual(consent.state, "revoked")
        message = self.plan.message_ids - before
        self.assertEqual(len(message), 1)
        self.assertEqual(message.subtype_id, note)
        self.assertIn("Eastside Legal Aid", message.body)
        for secret in ("Custody", "protective order", "Robin Fictional"):
            self.assertNotIn(secret, message.body)
        # revoking again, or an expired release, changes nothing
        consent.action_revoke()
        expired = self._consent(expiry_date=date(2026, 4, 1))
        recorded = self.plan.message_ids - before - message
        self.assertIn("recorded", recorded.body, "a new release is noted on the plan")
        expired.action_revoke()
        self.assertFalse(expired.revoked_date)
        self.assertEqual(self.plan.message_ids - before, message | recorded)

    def test_display_name_masked_for_outsider(self):
        consent = self._consent()
        self.assertEqual(consent.display_name, "Release to Eastside Legal Aid")
        self.assertEqual(consent.with_user(self.outsider).sudo().display_name, "Confidential")

    def test_access(self):
        consent = self._consent()
        Outsider = self.env["safety.consent"].with_user(self.outsider)
        with self.assertRaises(AccessError):
            consent.with_user(self.outsider).read(["purpose"])
        with self.assertRaises(AccessError):
            Outsider.search([])
        with self.assertRaises(AccessError):
            Outsider.create(
                {
                    "plan_id": self.plan.id,
                    "recipient_id": self.recipient.id,
                    "purpose": "x",
                    "scope": "x",
                    "expiry_date": "2026-12-31",
                }
            )
        with self.assertRaises(AccessError):
            Outsider.formatted_read_group([], ["recipient_id"], ["__count"])
        with self.assertRaises(AccessError):
            consent.with_user(self.outsider).action_revoke()
        # another team's advocate: the answer of a release that does not exist
        self.assertEqual(consent.with_user(self.advocate_other).read(["purpose"]), [])
        self.assertFalse(self.env["safety.consent"].with_user(self.advocate_other).search([]))
        # supervisors read, advocates don't delete, managers do
        self.assertEqual(
            consent.with_user(self.supervisor).read(["purpose"])[0]["purpose"], "Custody hearing"
        )
        with self.assertRaises(AccessError):
            consent.with_user(self.advocate).unlink()
        consent.with_user(self.manager).unlink()
        self.assertFalse(consent.exists())

    def test_deleting_a_recipient_is_like_any_contact(self):
        """Deleting the recipient is allowed as for any contact (the release
        keeps the name, tests/test_contact_deletion.py)."""
        consent = self._consent()
        name = self.recipient.name
        self.recipient.with_user(self.outsider).unlink()
        self.assertFalse(self.recipient.exists())
        self.assertEqual(consent.recipient_name, name)
