import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date

from freezegun import freeze_time

from odoo import SUPERUSER_ID, api
from odoo.exceptions import AccessError, UserError
from odoo.modules.registry import Registry
from odoo.orm.environments import Transaction
from odoo.tests import BaseCase, Form, get_db_name, tagged
from odoo.tools import mute_logger

from .common import SafetyCommon
from .test_schedule import retry_as_odoo_http

FIRST_CONTACT = "victim_safety_planning.mail_activity_type_safety_first_contact"
INTAKE = "Called the helpline from a friend's phone. Safe to call back after 6pm."
FRIEND_PHONE = "+1 415 555 0190"


@tagged("post_install", "-at_install")
class TestReferralIn(SafetyCommon):
    """A CRM lead referred to Safety Planning loses nothing and turns no one
    else's number into the person's; the named advocate is asked to make
    the first contact; a lead is referred once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        crm = cls.env.ref("sales_team.group_sale_salesman_all_leads")
        cls.advocate.group_ids += crm
        cls.advocate_other.group_ids += crm
        # weekdays, 8 to 5: the company's working hours
        cls.env.company.resource_calendar_id = cls.env.ref("resource.resource_calendar_std")

    def _lead(self, **values):
        return self.env["crm.lead"].create(
            {
                "name": "Helpline call",
                "contact_name": "Mónica Üçler",
                "phone": FRIEND_PHONE,
                "description": f"<p>{INTAKE}</p>",
                **values,
            }
        )

    def _refer(self, lead, user=None, **values):
        wizard = (
            self.env["safety.lead.refer.wizard"]
            .with_user(user or self.advocate)
            .with_context(default_lead_id=lead.id)
            .create(values)
        )
        action = wizard.action_refer()
        plans = self.env["safety.plan"].search([("referral_lead_ref", "=", lead.id)])
        self.assertEqual(len(plans), 1)
        return plans, action

    def test_the_lead_s_note_is_the_plan_s_first_internal_note(self):
        lead = self._lead()
        form = Form(
            self.env["safety.lead.refer.wizard"]
            .with_user(self.advocate)
            .with_context(default_lead_id=lead.id)
        )
        self.assertIn(INTAKE, form.intake_note, "the advocate reads it before referring")
        form.phone_owner = "someone_else"
        form.is_safe_to_call = True
        form.safe_contact_times = "after 6 pm"
        form.safe_contact_notes = "Say it is the library"
        form.save().action_refer()
        plan = self.env["safety.plan"].search([("referral_lead_ref", "=", lead.id)])
        survivor = plan.survivor_id
        self.assertEqual(survivor.name, "Mónica Üçler")
        self.assertFalse(survivor.phone, "a friend's number is not the person's phone")
        self.assertEqual(
            (survivor.is_safe_to_call, survivor.safe_contact_times, survivor.safe_contact_notes),
            (True, "after 6 pm", "Say it is the library"),
        )
        self.assertIn("after 6 pm", plan.safe_contact_summary, "the banner has a safe way now")
        notes = plan.message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref("mail.mt_note")
            and m.message_type != "notification"
        ).sorted("id")
        intake = notes[:1]
        self.assertIn(INTAKE, intake.body)
        self.assertIn(FRIEND_PHONE, intake.body, "someone else's number stays in the note")
        self.assertTrue(intake.subtype_id.internal, "an internal note")
        referred = plan.message_ids.filtered(lambda m: "Referred from a CRM lead" in (m.body or ""))
        self.assertLess(intake.id, referred.id, "the plan's first note")
        # members of the plan only
        for user in (self.outsider, self.advocate_other):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                intake.with_user(user).read(["body"])
        self.assertIn(INTAKE, intake.with_user(self.advocate).read(["body"])[0]["body"])
        lead = lead.with_context(active_test=False)
        self.assertFalse(lead.description or lead.phone or lead.contact_name)

    def test_whose_number_is_asked(self):
        lead = self._lead()
        wizard = (
            self.env["safety.lead.refer.wizard"]
            .with_user(self.advocate)
            .with_context(default_lead_id=lead.id)
            .create({})
        )
        survivors = self.env["safety.survivor"].search_count([])
        self.assertRaisesInTransaction(UserError, wizard.action_refer, "Whose Number Is It")
        self.assertEqual(self.env["safety.survivor"].search_count([]), survivors)
        self.assertTrue(lead.active and lead.contact_name, "the lead is left as it was")
        wizard.phone_owner = "survivor"
        wizard.action_refer()
        plan = self.env["safety.plan"].search([("referral_lead_ref", "=", lead.id)])
        self.assertEqual(plan.survivor_id.phone, "+14155550190", "their own phone, asked")

    @freeze_time("2026-12-04 10:00:00")  # a Friday
    def test_named_advocate_gets_the_first_contact_next_working_day(self):
        self.assertEqual(date.today().weekday(), 4)
        lead = self._lead()
        plans, action = self._refer(
            lead, advocate_id=self.advocate_other.id, phone_owner="someone_else"
        )
        self.assertEqual(action["tag"], "display_notification", "the plan is the colleague's")
        activity = self._plan_activities(plans, FIRST_CONTACT)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.advocate_other)
        self.assertEqual(activity.date_deadline, date(2026, 12, 7), "Monday, not the weekend")
        self.assertEqual(activity.activity_type_id.name, "New referral: first contact")
        self.assertFalse(plans.first_contact_date)
        activity.with_user(self.advocate_other).action_done()
        self.assertEqual(plans.first_contact_date, date(2026, 12, 4))

    @freeze_time("2026-12-05 10:00:00")  # a Saturday, without working hours known
    def test_next_working_day_without_a_calendar(self):
        self.env.company.resource_calendar_id = False
        plans, _action = self._refer(self._lead(), phone_owner="survivor")
        activity = self._plan_activities(plans, FIRST_CONTACT)
        self.assertEqual(activity.date_deadline, date(2026, 12, 7))

    def test_a_lead_is_referred_once(self):
        lead = self._lead()
        self._refer(lead, phone_owner="survivor")
        lead = lead.with_context(active_test=False)
        for call in (
            lambda: lead.with_user(self.advocate).action_refer_to_safety_planning(),
            lambda: self.env["safety.lead.refer.wizard"]
            .with_user(self.advocate_other)
            .with_context(default_lead_id=lead.id)
            .create({}),
        ):
            with self.assertRaisesRegex(UserError, "already referred to Safety Planning"):
                call()
        self.assertFalse(self.env["safety.survivor"].search([("name", "=", "Closed")]))
        # a wizard opened before the first referral is refused at its button
        second = self._lead(contact_name="Second Person")
        wizard = (
            self.env["safety.lead.refer.wizard"]
            .with_user(self.advocate_other)
            .with_context(default_lead_id=second.id)
            .create({"phone_owner": "survivor"})
        )
        self._refer(second, phone_owner="survivor")
        with self.assertRaisesRegex(UserError, "already referred"):
            wizard.action_refer()

    def test_a_lead_scrubbed_before_plans_kept_its_id_is_refused(self):
        lead = self.env["crm.lead"].create({"name": "Closed", "active": False})
        with self.assertRaisesRegex(UserError, "already referred"):
            lead.with_user(self.advocate).action_refer_to_safety_planning()

    def test_non_members_get_no_oracle(self):
        """A salesman learns nothing of which leads were referred: the
        refusal is the same for every lead."""
        referred = self._lead()
        self._refer(referred, phone_owner="survivor")
        plain = self._lead(contact_name="Plain Customer")
        answers = []
        for lead in (referred.with_context(active_test=False), plain):
            with self.assertRaises(AccessError) as error:
                lead.with_user(self.outsider).action_refer_to_safety_planning()
            answers.append(str(error.exception))
            with self.assertRaises(AccessError):
                self.env["safety.lead.refer.wizard"].with_user(self.outsider).with_context(
                    default_lead_id=lead.id
                ).default_get(["name"])
        self.assertEqual(answers[0], answers[1])


@tagged("post_install", "-at_install")
class TestReferralInRace(BaseCase):
    """Two members refer the same lead at the same moment, each on its own
    database cursor as two HTTP workers would: one survivor, one plan; the
    other member is told why."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        cls.addClassCleanup(cls._remove_data)
        stamp = time.time_ns()
        cls.name = f"Race Person {stamp}"
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            groups = env.ref("victim_safety_planning.group_safety_advocate") | env.ref(
                "sales_team.group_sale_salesman_all_leads"
            )
            cls.user_ids = (
                env["res.users"]
                .create(
                    [
                        {
                            "name": f"Racing Advocate {index}",
                            # committed data: unique even if an earlier run was killed
                            "login": f"vsp_race_{index}_{stamp}",
                            "group_ids": [(6, 0, groups.ids)],
                        }
                        for index in (1, 2)
                    ]
                )
                .ids
            )
            cls.lead_id = (
                env["crm.lead"]
                .create({"name": "Walk-in", "contact_name": cls.name, "phone": "+1 415 555 0191"})
                .id
            )

    @classmethod
    def _remove_data(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            plans = (
                env["safety.plan"]
                .with_context(active_test=False)
                .search([("referral_lead_ref", "=", cls.lead_id)])
            )
            survivors = plans.survivor_id | env["safety.survivor"].search(
                [("name", "in", [cls.name, "Closed"]), ("create_uid", "in", cls.user_ids)]
            )
            env["mail.activity"].search(
                [("res_model", "=", "safety.plan"), ("res_id", "in", plans.ids)]
            ).unlink()
            env["mail.message"].search(
                [("model", "=", "safety.plan"), ("res_id", "in", plans.ids)]
            ).unlink()
            plans.unlink()
            survivors.unlink()
            env["crm.lead"].with_context(active_test=False).browse(cls.lead_id).unlink()
            env["res.users"].browse(cls.user_ids).write({"active": False})

    def _open_env(self, uid):
        cr = self.registry.cursor()
        # while the test runner installs the addon it holds the registry lock
        # that Environment() takes to find the registry: hand it over instead
        cr.transaction = Transaction(self.registry)
        return api.Environment(cr, uid, {})

    def test_two_members_refer_the_same_lead_at_once(self):
        barrier = threading.Barrier(2)

        def refer(uid):
            env = self._open_env(uid)
            with env.cr:
                barrier.wait()
                try:
                    return retry_as_odoo_http(
                        lambda: env["safety.lead.refer.wizard"]
                        .with_context(default_lead_id=self.lead_id)
                        .create({"phone_owner": "survivor"})
                        .action_refer(),
                        env,
                    )
                except UserError as error:
                    env.cr.rollback()
                    return error

        # the serialization failure the loser meets is logged by the cursor
        with mute_logger("odoo.sql_db"), ThreadPoolExecutor(2) as pool:
            results = list(pool.map(refer, self.user_ids, timeout=120))
        refusals = [result for result in results if result is not None]
        self.assertEqual(len(refusals), 1, results)
        self.assertIsInstance(refusals[0], UserError)
        self.assertRegex(str(refusals[0]), "already referred|referring this lead right now")
        env = self._open_env(SUPERUSER_ID)
        with env.cr:
            plans = (
                env["safety.plan"]
                .with_context(active_test=False)
                .search([("referral_lead_ref", "=", self.lead_id)])
            )
            self.assertEqual(len(plans), 1, "one plan")
            self.assertEqual(
                env["safety.survivor"].search_count(
                    ["|", ("name", "=", self.name), ("name", "=", "Closed")]
                ),
                1,
                "one survivor, and none named after the scrubbed lead",
            )
            activities = env["mail.activity"].search(
                [
                    ("res_model", "=", "safety.plan"),
                    ("res_id", "=", plans.id),
                    ("activity_type_id", "=", env.ref(FIRST_CONTACT).id),
                ]
            )
            self.assertEqual(len(activities), 1)
