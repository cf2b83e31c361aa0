from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import SafetyCommon


@tagged("post_install", "-at_install")
class TestHousehold(SafetyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Member = cls.env["safety.household.member"].with_user(cls.advocate)
        cls.child = Member.create(
            {
                "plan_id": cls.plan.id,
                "name": "Lucía Ñúñez",
                "relationship": "daughter",
                "birthdate": "2018-03-09",
                "school": "Escuela Primaria Juárez",
                "authorized_pickup": "Abuela Rosa. NOT the father.",
                "is_protected_by_order": True,
            }
        ).with_env(cls.env)
        cls.pet = Member.create(
            {
                "plan_id": cls.plan.id,
                "member_type": "pet",
                "name": "Барсик",
                "relationship": "cat",
                "is_protected_by_order": True,
            }
        ).with_env(cls.env)
        cls.sibling = Member.create(
            {"plan_id": cls.plan.id, "name": "أحمد", "relationship": "nephew", "sequence": 1}
        ).with_env(cls.env)

    def test_members_on_the_plan(self):
        self.assertEqual(self.plan.household_member_ids, self.sibling | self.child | self.pet)
        today = fields.Date.context_today(self.env["safety.plan"].with_user(self.advocate))
        child = self.child.with_user(self.advocate)
        years = today.year - 2018 - ((today.month, today.day) < (3, 9))
        self.assertEqual(child.age, years)
        self.assertTrue(child.is_at_risk, "at risk unless said otherwise")
        self.assertEqual(child.authorized_pickup, "Abuela Rosa. NOT the father.")

    def test_protected_persons_on_the_order(self):
        order = (
            self.env["safety.protective.order"]
            .with_user(self.advocate)
            .create({"plan_id": self.plan.id, "issue_date": "2026-01-05"})
        )
        # people first, then pets; only those the order protects
        self.assertEqual(order._card_protected_persons(), ["Lucía Ñúñez", "Барсик"])

    def test_dates_and_names_checked(self):
        Member = self.env["safety.household.member"].with_user(self.advocate)
        today = fields.Date.context_today(Member)
        with self.assertRaisesRegex(ValidationError, "Date of Birth"):
            Member.create(
                {"plan_id": self.plan.id, "name": "Later", "birthdate": today + timedelta(days=2)}
            )
        with self.assertRaisesRegex(ValidationError, "Name"):
            Member.create({"plan_id": self.plan.id, "name": "   "})

    def test_members_only(self):
        with self.assertRaises(AccessError):
            self.child.with_user(self.outsider).read(["name"])
        # another team: the answer of a record that does not exist
        self.assertEqual(self.child.with_user(self.advocate_other).read(["name"]), [])
        with self.assertRaises(AccessError):
            self.env["safety.household.member"].with_user(self.outsider).search([])
        self.assertFalse(
            self.env["safety.household.member"].with_user(self.advocate_other).search([])
        )
        self.assertEqual(
            self.env["safety.household.member"]
            .with_user(self.supervisor)
            .search([("plan_id", "=", self.plan.id)]),
            self.plan.household_member_ids,
        )
        # another team can't file a member under a plan that is not theirs
        with self.assertRaises(AccessError):
            self.env["safety.household.member"].with_user(self.advocate_other).create(
                {"plan_id": self.plan.id, "name": "Intruder"}
            )
        # and the name is masked when computed on their behalf
        self.assertEqual(
            self.child.with_user(self.advocate_other).sudo().display_name, "Confidential"
        )

    def test_goes_with_the_plan(self):
        members = self.plan.household_member_ids
        self.plan.with_user(self.manager).unlink()
        self.assertFalse(members.exists())
