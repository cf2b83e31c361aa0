from datetime import timedelta

from lxml import etree

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import SafetyCommon

MODULE = "victim_safety_planning"


@tagged("post_install", "-at_install")
class TestIntakeQueue(SafetyCommon):
    """The supervisors' intake queue: draft plans, plans whose advocate is
    gone, people referred in whom nobody reached, referrals out with no
    answer. Each is a dashboard tile and a filter, and lists exactly what it
    counts. Counted in an agency of its own, away from the demo's plans."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agency = cls.env["res.company"].create({"name": "Agencia Río Claro"})

        def member(login, group="group_safety_advocate"):
            return mail_new_test_user(
                cls.env,
                login=login,
                name=login.replace("_", " ").title(),
                groups=f"{MODULE}.{group}",
                company_id=cls.agency.id,
                company_ids=[(6, 0, cls.agency.ids)],
            )

        cls.boss = member("rio_supervisor", "group_safety_supervisor")
        cls.ines = member("rio_ines")
        cls.gone = member("rio_gone")
        cls.left = member("rio_left")
        cls.now = fields.Datetime.now()
        cls.today = fields.Date.context_today(cls.env["safety.plan"].with_user(cls.boss))

        def plan(name, advocate, **values):
            survivor = cls.env["safety.survivor"].create(
                {"name": name, "company_id": cls.agency.id}
            )
            return cls.env["safety.plan"].create(
                {
                    "survivor_id": survivor.id,
                    "advocate_id": advocate.id,
                    "company_id": cls.agency.id,
                    "emergency_contact_ids": [(0, 0, {"name": "Hermana", "phone": "911"})],
                    **values,
                }
            )

        cls.draft = plan("Draft Dolores", cls.ines)
        cls.active = plan("Active Amparo", cls.ines)
        cls.active.action_activate()
        cls.orphan_archived = plan("Orphan Ofelia", cls.gone)
        cls.orphan_archived.action_activate()
        cls.orphan_left = plan("Orphan Olvido", cls.left)
        cls.orphan_left.action_activate()
        cls.gone.active = False
        cls.left.group_ids -= cls.env.ref(f"{MODULE}.group_safety_advocate")
        # referrals in: waiting for five days, since this morning, and reached
        cls.waiting = plan("Waiting Wenceslao", cls.ines)
        cls.fresh = plan("Fresh Fátima", cls.ines)
        cls.reached = plan("Reached Rocío", cls.ines)
        cls.waiting.write({"referral_date": cls.now - timedelta(days=5)})
        cls.fresh.write({"referral_date": cls.now - timedelta(hours=2)})
        cls.reached.write(
            {"referral_date": cls.now - timedelta(days=5), "first_contact_date": cls.today}
        )
        # referrals out: one past its follow-up date, one not yet, one overridden
        shelter = cls.env["res.partner"].create(
            {"name": "Refugio Alba", "is_company": True, "safety_resource_type": "shelter"}
        )
        Referral = cls.env["safety.referral"]
        cls.silent, cls.pending, cls.overridden = Referral.create(
            [
                {
                    "plan_id": cls.active.id,
                    "partner_id": shelter.id,
                    "date": cls.today - timedelta(days=10),
                    "is_consent_overridden": True,
                    "override_reason": reason,
                }
                for reason in ("Urgent", "Urgent", "Consent given by phone")
            ]
        )
        (cls.silent | cls.pending | cls.overridden).action_send()
        cls.silent.follow_up_date = cls.today - timedelta(days=1)
        cls.overridden.action_accept()

    def _intake(self):
        return self.env["safety.dashboard"].with_user(self.boss).get_dashboard_data()["intake"]

    def _filter_domain(self, model, name):
        arch = self.env[model].get_views([(False, "search")])["views"]["search"]["arch"]
        node = etree.fromstring(arch).xpath(f"//filter[@name='{name}']")
        self.assertTrue(node, f"the {model} search view has the {name} filter")
        return node[0].get("domain")

    def test_tiles_count_and_list_exactly_their_records(self):
        intake = self._intake()
        Plan = self.env["safety.plan"].with_user(self.boss)
        Referral = self.env["safety.referral"].with_user(self.boss)
        expected = {
            "draft": (Plan, self.draft | self.waiting | self.fresh | self.reached),
            "no_advocate": (Plan, self.orphan_archived | self.orphan_left),
            "first_contact": (Plan, self.waiting),
            "no_answer": (Referral, self.silent),
            "overridden": (Referral, self.silent | self.pending | self.overridden),
        }
        for key, (Model, records) in expected.items():
            with self.subTest(tile=key):
                self.assertEqual(intake[key], len(records))
                self.assertEqual(Model.search(intake[f"{key}_domain"]), records)
        self.assertEqual(intake["first_contact_days"], 2)

    def test_filters_match_the_tiles(self):
        for model, name, field_name in (
            ("safety.plan", "advocate_missing", "is_advocate_missing"),
            ("safety.plan", "first_contact_late", "is_first_contact_late"),
            ("safety.referral", "no_answer", "is_answer_overdue"),
            ("safety.referral", "overridden", "is_consent_overridden"),
        ):
            with self.subTest(filter=name):
                self.assertIn(field_name, self._filter_domain(model, name))
        self.assertTrue(self.waiting.is_first_contact_late)
        self.assertFalse(self.fresh.is_first_contact_late or self.reached.is_first_contact_late)
        self.assertTrue(self.orphan_left.is_advocate_missing)
        self.assertFalse(self.active.is_advocate_missing)
        self.assertTrue(self.silent.is_answer_overdue)
        self.assertFalse(self.pending.is_answer_overdue)

    def test_days_to_first_contact_come_from_settings(self):
        settings = self.env["res.config.settings"].create({"safety_first_contact_days": 7})
        settings.execute()
        intake = self._intake()
        self.assertEqual((intake["first_contact"], intake["first_contact_days"]), (0, 7))
        settings = self.env["res.config.settings"].create({"safety_first_contact_days": 4})
        settings.execute()
        self.assertEqual(self._intake()["first_contact"], 1)

    def test_reassigning_the_plan_takes_it_off_the_queue(self):
        self.orphan_left.advocate_id = self.ines
        self.assertEqual(self._intake()["no_advocate"], 1)


@tagged("post_install", "-at_install")
class TestReferralScreens(HttpCase):
    """The referral form's buttons and the intake queue's tiles, in the browser."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agency = cls.env["res.company"].create(
            {"name": "Intake Tour Agency", "country_id": cls.env.ref("base.us").id}
        )
        company = {"company_id": cls.agency.id, "company_ids": [(6, 0, cls.agency.ids)]}
        cls.supervisor = new_test_user(
            cls.env,
            login="intake_supervisor",
            groups=f"{MODULE}.group_safety_supervisor",
            **company,
        )
        cls.advocate = new_test_user(
            cls.env,
            login="intake_advocate",
            groups=f"{MODULE}.group_safety_advocate",
            **company,
        )
        today = fields.Date.context_today(cls.env["safety.plan"].with_user(cls.advocate))
        survivor = cls.env["safety.survivor"].create(
            {"name": "Intake Waiting", "company_id": cls.agency.id}
        )
        plan = cls.env["safety.plan"].create(
            {
                "survivor_id": survivor.id,
                "advocate_id": cls.advocate.id,
                "company_id": cls.agency.id,
            }
        )
        plan.write({"referral_date": fields.Datetime.now() - timedelta(days=4)})
        shelter = cls.env["res.partner"].create(
            {"name": "Casa Luz", "is_company": True, "safety_resource_type": "shelter"}
        )
        consent = cls.env["safety.consent"].create(
            {
                "plan_id": plan.id,
                "recipient_id": shelter.id,
                "purpose": "Shelter intake",
                "scope": "Name",
                "signed_date": today,
                "expiry_date": today + timedelta(days=30),
                "is_signed_on_paper": True,
            }
        )
        Referral = cls.env["safety.referral"]
        cls.silent = Referral.create(
            {
                "plan_id": plan.id,
                "partner_id": shelter.id,
                "consent_id": consent.id,
                "date": today - timedelta(days=10),
            }
        )
        cls.silent.action_send()
        cls.silent.follow_up_date = today - timedelta(days=1)
        cls.draft = Referral.create(
            {"plan_id": plan.id, "partner_id": shelter.id, "consent_id": consent.id}
        )

    def test_closing_the_loop_in_the_form(self):
        self.start_tour(
            f"/odoo/safety-referrals-out/{self.draft.id}",
            "victim_safety_planning_referral_loop_tour",
            login="intake_advocate",
        )
        self.assertEqual((self.draft.state, self.draft.outcome), ("completed", "connected"))

    def test_intake_tiles_open_their_records(self):
        self.start_tour(
            "/odoo/safety-dashboard",
            "victim_safety_planning_intake_tour",
            login="intake_supervisor",
        )
