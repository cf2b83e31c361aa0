from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import SafetyCommon


@tagged("post_install", "-at_install")
class TestSafetyPlan(SafetyCommon):
    def _new_plan(self, **vals):
        return (
            self.env["safety.plan"]
            .with_user(self.advocate)
            .create(dict({"survivor_id": self.survivor.id}, **vals))
        )

    def test_reference_from_sequence(self):
        year = date.today().year
        first, second = self._new_plan(), self._new_plan()
        self.assertRegex(first.name, rf"^SP/{year}/\d{{5}}$")
        self.assertEqual(int(second.name.rsplit("/", 1)[1]), int(first.name.rsplit("/", 1)[1]) + 1)

    def test_survivor_counts_plans(self):
        survivor = (
            self.env["safety.survivor"].with_user(self.advocate).create({"name": "Sam Newcomer"})
        )
        self._new_plan(survivor_id=survivor.id)
        self.assertEqual(survivor.plan_count, 1)

    def test_steps_loaded_by_situation(self):
        templates = self.env["safety.step.template"]
        stalking = self._new_plan(situation_type="stalking")
        names = set(stalking.step_ids.mapped("name"))
        generic = templates.search([("situation_type", "=", False)])
        own = templates.search([("situation_type", "=", "stalking")])
        others = templates.search([("situation_type", "not in", [False, "stalking"])])
        self.assertTrue(own and others)
        self.assertTrue(set(generic.mapped("name")) <= names)
        self.assertTrue(set(own.mapped("name")) <= names)
        self.assertFalse(set(others.mapped("name")) & names)
        go_bag = stalking.step_ids.filtered(lambda s: s.context == "leaving")
        self.assertTrue(any("go-bag" in s.name for s in go_bag))
        # steps come grouped by context, in the order of the contexts
        sequences = stalking.step_ids.mapped("context_sequence")
        self.assertEqual(sequences, sorted(sequences))

    def test_explicit_steps_are_kept(self):
        plan = self._new_plan(step_ids=[(0, 0, {"name": "Only this", "context": "home"})])
        self.assertEqual(plan.step_ids.mapped("name"), ["Only this"])

    def test_form_onchange_loads_steps_for_new_plan(self):
        form = Form(self.env["safety.plan"].with_user(self.advocate))
        form.survivor_id = self.survivor
        form.situation_type = "trafficking"
        trafficking = self.env.ref("victim_safety_planning.safety_step_template_traf_docs")
        self.assertIn(trafficking.name, [line["name"] for line in form.step_ids._records])
        form.situation_type = "elder_abuse"
        names = [line["name"] for line in form.step_ids._records]
        self.assertNotIn(trafficking.name, names)
        plan = form.save()
        self.assertIn(
            self.env.ref("victim_safety_planning.safety_step_template_elder_money").name,
            plan.step_ids.mapped("name"),
        )

    def test_onchange_keeps_steps_of_saved_plan(self):
        plan = self._new_plan(situation_type="stalking")
        plan.step_ids[0].name = "My own wording"
        with Form(plan.with_user(self.advocate)) as form:
            form.situation_type = "trafficking"
        self.assertIn("My own wording", plan.step_ids.mapped("name"))
        plan.action_load_steps()
        traf = self.env.ref("victim_safety_planning.safety_step_template_traf_docs")
        self.assertIn(traf.name, plan.step_ids.mapped("name"))
        count = len(plan.step_ids)
        plan.action_load_steps()
        self.assertEqual(len(plan.step_ids), count, "loading twice adds nothing")

    def test_states_and_review_dates(self):
        plan = self._raise_risk(self._new_plan(), "high")
        self.assertEqual(plan.review_interval_days, 14)
        self.assertFalse(plan.next_review_date)
        with self.assertRaisesRegex(UserError, "no emergency contact"):
            plan.action_activate()
        plan.emergency_contact_ids = [(0, 0, {"name": "Sister", "phone": "+1 415 555 2671"})]
        with freeze_time("2026-03-02"):
            plan.action_activate()
            self.assertEqual(plan.state, "active")
            self.assertEqual(plan.activation_date, date(2026, 3, 2))
            self.assertEqual(plan.next_review_date, date(2026, 3, 16))
            self._raise_risk(plan, "critical")
            self.assertEqual(plan.review_interval_days, 7)
            self.assertEqual(plan.next_review_date, date(2026, 3, 9))
            plan.last_review_date = date(2026, 3, 1)
            self.assertEqual(plan.next_review_date, date(2026, 3, 8))
        plan.action_close()
        self.assertEqual(plan.state, "closed")
        self.assertEqual(plan.close_date, date.today())
        self.assertFalse(plan.next_review_date)
        plan.action_reset_to_draft()
        self.assertEqual(plan.state, "draft")

    def test_review_interval_follows_settings(self):
        settings = self.env["res.config.settings"].create({"safety_review_days_medium": 21})
        settings.execute()
        self.assertEqual(self._raise_risk(self._new_plan(), "medium").review_interval_days, 21)
        for value in (0, 3651, -5):
            with self.assertRaisesRegex(ValidationError, "between 1 and 3650"):
                self.env["res.config.settings"].create({"safety_review_days_low": value}).execute()

    def test_review_overdue_search(self):
        plan = self._raise_risk(self._new_plan(), "critical")
        plan.emergency_contact_ids = [(0, 0, {"name": "Friend", "phone": "+1 415 555 2671"})]
        plan.action_activate()
        plan.last_review_date = date.today() - timedelta(days=8)
        Plan = self.env["safety.plan"].with_user(self.advocate)
        self.assertTrue(plan.is_review_overdue)
        self.assertIn(plan, Plan.search([("is_review_overdue", "=", True)]))
        self.assertNotIn(plan, Plan.search([("is_review_overdue", "=", False)]))
        plan.last_review_date = date.today() - timedelta(days=6)
        self.assertNotIn(plan, Plan.search([("is_review_overdue", "=", True)]))
        self.assertIn(plan, Plan.search([("is_review_overdue", "!=", True)]))

    def test_tracking_on_state_advocate_and_risk(self):
        plan = self._new_plan().with_context(tracking_disable=False)
        plan.emergency_contact_ids = [(0, 0, {"name": "Friend", "phone": "+1 415 555 2671"})]
        # changes made in the transaction that created a record are not tracked
        self.env.flush_all()
        self.env.cr.precommit.run()
        plan.write(
            {
                "risk_raise_level": "medium",
                "risk_raise_reason": "Threats by text",
                "advocate_id": self.advocate_other.id,
            }
        )
        plan.sudo().action_activate()
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = plan.sudo().message_ids.tracking_value_ids.field_id.mapped("name")
        for field_name in ("risk_level", "advocate_id", "state"):
            self.assertIn(field_name, tracked)

    def test_steps_smart_button_groups_by_context(self):
        action = self.plan.with_user(self.advocate).action_view_steps()
        self.assertEqual(action["res_model"], "safety.plan.step")
        self.assertEqual(action["domain"], [("plan_id", "=", self.plan.id)])
        self.assertTrue(action["context"]["search_default_group_by_context"])

    def test_opening_a_plan_costs_the_same_whatever_its_size(self):
        """The plan form's read (the web client's specification) takes at most
        30 queries, and no more for a plan with many lines."""

        def queries_to_open(plan):
            plan = plan.with_user(self.advocate)
            spec = Form(plan)._view["fields_spec"]
            plan.web_read(spec)  # caches (views, settings, groups) warm up
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            plan.web_read(spec)
            return self.env.cr.sql_log_count - before

        def lines(count):
            return {
                "emergency_contact_ids": [
                    (0, 0, {"name": f"Contact {index}", "phone": "911"}) for index in range(count)
                ],
                "location_ids": [(0, 0, {"name": f"Place {index}"}) for index in range(count)],
            }

        small = self._new_plan(**lines(1))
        big = self._new_plan(**lines(15))
        self.assertGreater(len(big.step_ids), 10)
        small_count, big_count = queries_to_open(small), queries_to_open(big)
        self.assertEqual(small_count, big_count)
        self.assertLessEqual(big_count, 30)
