from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import SafetyCommon


@tagged("post_install", "-at_install")
class TestVault(SafetyCommon):
    """Who sees a survivor in the vault, and what an advocate of another team
    can learn sideways."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survivor.write(
            {
                "birthdate": "1990-05-17",
                "phone": "+1 415 555 0161",
                "email": "robin.fictional@example.org",
                "street": "3 Juniper Way",
            }
        )

    # who sees whom ------------------------------------------------------------
    def test_advocate_sees_the_survivors_of_their_plans(self):
        Survivor = self.env["safety.survivor"]
        self.assertIn(self.survivor, Survivor.with_user(self.advocate).search([]))
        self.assertNotIn(self.survivor, Survivor.with_user(self.advocate_other).search([]))
        self.assertIn(self.survivor, Survivor.with_user(self.supervisor).search([]))
        self.plan.team_member_ids = self.advocate_other
        self.assertIn(self.survivor, Survivor.with_user(self.advocate_other).search([]))

    def test_registered_survivor_without_plan_is_the_registrant_s(self):
        newcomer = (
            self.env["safety.survivor"].with_user(self.advocate_other).create({"name": "Ola Nowak"})
        )
        self.assertEqual(newcomer.registered_by_id, self.advocate_other)
        Survivor = self.env["safety.survivor"]
        self.assertIn(newcomer, Survivor.with_user(self.advocate_other).search([]))
        self.assertNotIn(newcomer, Survivor.with_user(self.advocate).search([]))
        # once someone else's plan holds them, the registrant no longer does
        plan = self.env["safety.plan"].create(
            {"survivor_id": newcomer.id, "advocate_id": self.advocate.id}
        )
        self.assertIn(newcomer, Survivor.with_user(self.advocate).search([]))
        self.assertNotIn(newcomer, Survivor.with_user(self.advocate_other).search([]))
        # nor when that plan is archived
        plan.active = False
        self.assertNotIn(newcomer, Survivor.with_user(self.advocate_other).search([]))
        self.assertIn(newcomer, Survivor.with_user(self.advocate).search([]))

    def test_archived_plans_keep_their_survivor_visible(self):
        self.plan.active = False
        Survivor = self.env["safety.survivor"].with_user(self.advocate)
        self.assertIn(self.survivor, Survivor.search([]))
        self.assertTrue(self.survivor.with_user(self.advocate).read(["name"]))
        self.survivor.with_user(self.advocate).write({"pronouns": "they/them"})

    def test_setting_opens_every_survivor_to_advocates(self):
        Survivor = self.env["safety.survivor"].with_user(self.advocate_other)
        self.assertNotIn(self.survivor, Survivor.search([]))
        self.env["res.config.settings"].create({"group_safety_survivor_all": True}).execute()
        self.assertIn(self.survivor, Survivor.search([]))
        # reading, to find a person already registered; not changing
        with self.assertRaises(AccessError):
            self.survivor.with_user(self.advocate_other).write({"pronouns": "she/her"})
        self.env["res.config.settings"].create({"group_safety_survivor_all": False}).execute()
        self.assertNotIn(self.survivor, Survivor.search([]))

    def test_other_company_survivors_stay_hidden(self):
        other = self.env["res.company"].create({"name": "Other Agency"})
        foreign = self.env["safety.survivor"].create({"name": "Elsewhere", "company_id": other.id})
        self.assertNotIn(foreign, self.env["safety.survivor"].with_user(self.supervisor).search([]))

    # duplicates ----------------------------------------------------------------
    def test_duplicate_warning_names_only_what_the_user_may_see(self):
        form = Form(self.env["safety.survivor"].with_user(self.advocate))
        form.name = "robin fictional"
        form.birthdate = "1990-05-17"
        self.assertIn("Robin Fictional", form.duplicate_info)
        form = Form(self.env["safety.survivor"].with_user(self.advocate_other))
        form.name = "Someone Else"
        form.phone_national = "(415) 555-0161"
        self.assertNotIn("Robin", form.duplicate_info)
        self.assertIn("another team", form.duplicate_info)
        form = Form(self.env["safety.survivor"].with_user(self.advocate_other))
        form.name = "Robin Fictional"
        form.birthdate = "1991-01-01"
        self.assertFalse(form.duplicate_info, "same name, other birth date: another person")

    # another team's plan, sideways -------------------------------------------------
    def test_onchange_with_another_team_s_plan_returns_nothing(self):
        spec = {"plan_id": {"fields": {"display_name": {}}}, "advocate_id": {}, "due_date": {}}
        for model in ("safety.review", "safety.incident", "safety.plan.step"):
            Model = self.env[model].with_user(self.advocate_other)
            with self.subTest(model=model), self.assertRaises(AccessError) as error:
                Model.onchange(
                    {"plan_id": self.plan.id},
                    ["plan_id"],
                    {name: value for name, value in spec.items() if name in Model._fields},
                )
            self.assertNotIn(self.plan.name, str(error.exception))
            self.assertNotIn("Ada", str(error.exception))
        # a guessed id gets the very same answer
        with self.assertRaises(AccessError) as missing:
            self.env["safety.review"].with_user(self.advocate_other).onchange(
                {"plan_id": 999999}, ["plan_id"], {"plan_id": {}}
            )
        with self.assertRaises(AccessError) as foreign:
            self.env["safety.review"].with_user(self.advocate_other).onchange(
                {"plan_id": self.plan.id}, ["plan_id"], {"plan_id": {}}
            )
        self.assertEqual(str(missing.exception), str(foreign.exception))
        # the plan's own advocate gets the values
        result = (
            self.env["safety.review"]
            .with_user(self.advocate)
            .onchange({"plan_id": self.plan.id}, ["plan_id"], spec)
        )
        self.assertEqual(result["value"]["advocate_id"], self.advocate.id)

    def test_defaults_and_wizards_with_another_team_s_records(self):
        Review = self.env["safety.review"].with_user(self.advocate_other)
        with self.assertRaises(AccessError):
            Review.with_context(default_plan_id=self.plan.id).default_get(["plan_id"])
        Wizard = self.env["safety.card.print.wizard"].with_user(self.advocate_other)
        with self.assertRaises(AccessError):
            Wizard.onchange(
                {"plan_ids": [(6, 0, self.plan.ids)]},
                ["plan_ids"],
                {"plan_ids": {"fields": {"display_name": {}}}},
            )
        Refer = self.env["safety.lead.refer.wizard"].with_user(self.advocate_other)
        with self.assertRaises(AccessError) as error:
            Refer.onchange(
                {"survivor_id": self.survivor.id},
                ["survivor_id"],
                {"survivor_id": {"fields": {"display_name": {}}}},
            )
        self.assertNotIn("Robin", str(error.exception))

    def test_records_cannot_move_into_another_team_s_plan(self):
        own = (
            self.env["safety.plan"]
            .with_user(self.advocate_other)
            .create(
                {
                    "survivor_id": self.env["safety.survivor"]
                    .with_user(self.advocate_other)
                    .create({"name": "Own Survivor"})
                    .id
                }
            )
        )
        step = own.step_ids[:1].with_user(self.advocate_other)
        with self.assertRaises(AccessError):
            step.plan_id = self.plan
        with self.assertRaises(AccessError):
            self.env["safety.incident"].with_user(self.advocate_other).create(
                {"plan_id": self.plan.id, "kind": "near_miss"}
            )
        # nor may a plan be opened for another team's survivor
        with self.assertRaises(AccessError):
            own.with_user(self.advocate_other).survivor_id = self.survivor
        with self.assertRaises(AccessError):
            self.env["safety.plan"].with_user(self.advocate_other).create(
                {"survivor_id": self.survivor.id}
            )

    def test_name_search_finds_only_own(self):
        Survivor = self.env["safety.survivor"]
        self.assertTrue(Survivor.with_user(self.advocate).name_search("Robin"))
        self.assertFalse(Survivor.with_user(self.advocate_other).name_search("Robin"))
        self.assertFalse(
            self.env["safety.plan"].with_user(self.advocate_other).name_search(self.plan.name)
        )

    def test_followers_of_a_plan_are_not_listed_to_others(self):
        Followers = self.env["mail.followers"]
        self.plan.message_subscribe(partner_ids=self.advocate.partner_id.ids)
        domain = [("res_model", "=", "safety.plan"), ("res_id", "=", self.plan.id)]
        self.assertTrue(Followers.with_user(self.advocate).search(domain))
        self.assertFalse(Followers.with_user(self.advocate_other).search(domain))
        self.assertFalse(Followers.with_user(self.outsider).search(domain))
        follower = Followers.search(domain, limit=1)
        for user in (self.outsider, self.advocate_other):
            with self.assertRaises(AccessError):
                follower.with_user(user).read(["partner_id"])
        # ordinary followers are untouched
        lead = self.env["crm.lead"].create({"name": "Deal"})
        lead.message_subscribe(partner_ids=self.outsider.partner_id.ids)
        self.assertTrue(
            Followers.with_user(self.outsider).search(
                [("res_model", "=", "crm.lead"), ("res_id", "=", lead.id)]
            )
        )
