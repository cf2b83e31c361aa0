import re

from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged

from .test_referral import ReferralCommon


class Undo(Exception):
    """Raised to undo what a tried operation did."""


@tagged("post_install", "-at_install")
class TestContactDeletion(ReferralCommon):
    """A contact a survivor's record names (a release's recipient, a
    referral's organisation) is deleted or archived by whoever may do so for
    any contact, with the same answer as any contact; the safety records
    keep its name."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env, login="vsp_del_sales", groups="sales_team.group_sale_salesman"
        )
        cls.referral = (
            cls.env["safety.referral"]
            .with_user(cls.advocate)
            .create(
                {
                    "plan_id": cls.plan.id,
                    "partner_id": cls.shelter.id,
                    "consent_id": cls.consent.id,
                    "service_ids": cls.shelter_bed.ids,
                }
            )
        )
        cls.ordinary = cls.env["res.partner"].create(
            {"name": "Ordinary Trading 株式会社", "is_company": True}
        )

    def _answer(self, user, partner, operation):
        """What ``user`` gets for ``operation`` on ``partner``: ("ok",) or the
        error's class and words, ids and names masked; undone either way."""
        name = partner.name
        try:
            with self.env.cr.savepoint():
                records = partner.with_user(user)
                if operation == "unlink":
                    records.unlink()
                else:
                    records.action_archive()
                self.env.flush_all()
                raise Undo
        except Undo:
            return ("ok",)
        except Exception as error:  # every answer is compared
            return type(error).__name__, re.sub(r"\d+", "N", str(error).replace(name, "<name>"))
        finally:
            self.env.invalidate_all()

    def test_same_answer_as_any_contact(self):
        for user in (self.salesman, self.outsider):
            for operation in ("archive", "unlink"):
                for named in (self.shelter, self.consent.recipient_id):
                    self.assertEqual(
                        self._answer(user, named, operation),
                        self._answer(user, self.ordinary, operation),
                        f"{user.login} {operation}",
                    )

    def test_records_keep_the_name(self):
        self.shelter.with_user(self.outsider).unlink()
        self.env.invalidate_all()
        self.assertFalse(self.shelter.exists())
        self.assertFalse(self.consent.recipient_id)
        self.assertEqual(self.consent.recipient_name, "Casa Segura \u2013 Refugio")
        self.assertEqual(self.consent.display_name, "Release to Casa Segura \u2013 Refugio")
        self.assertFalse(self.referral.partner_id)
        self.assertEqual(self.referral.partner_name, "Casa Segura \u2013 Refugio")
        self.assertEqual(self.referral.display_name, "Referral to Casa Segura \u2013 Refugio")
        self.assertTrue(self.plan.exists())

    def test_a_new_release_or_referral_still_names_someone(self):
        with self.assertRaises(ValidationError):
            self.env["safety.consent"].with_user(self.advocate).create(
                {
                    "plan_id": self.plan.id,
                    "purpose": "Housing",
                    "scope": "Name only",
                    "expiry_date": self.today,
                }
            )
        with self.assertRaises(ValidationError):
            self.env["safety.referral"].with_user(self.advocate).create({"plan_id": self.plan.id})
