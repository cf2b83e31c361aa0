from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestSafetyPlanUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.country_id = cls.env.ref("base.us")
        cls.advocate = new_test_user(
            cls.env,
            login="tour_advocate",
            password="tour_advocate",
            name="Tara Tour",
            groups="victim_safety_planning.group_safety_advocate,base.group_partner_manager",
        )
        cls.survivor = cls.env["res.partner"].create(
            {"name": "Tour Survivor", "country_id": cls.env.ref("base.us").id}
        )

    def test_create_plan_from_contact(self):
        self.start_tour(
            f"/odoo/contacts/{self.survivor.id}",
            "victim_safety_planning_tour",
            login="tour_advocate",
        )
        plan = self.env["safety.plan"].search([("survivor_id.partner_id", "=", self.survivor.id)])
        self.assertEqual(len(plan), 1)
        self.assertEqual(plan.advocate_id, self.advocate)
        self.assertEqual(plan.situation_type, "stalking")
        self.assertEqual(plan.emergency_contact_ids.mapped("name"), ["Tour Sister"])
        self.assertEqual(plan.emergency_contact_ids.phone, "+14155552671")
        self.assertEqual(plan.location_ids.mapped("name"), ["Tour Library"])
        self.assertTrue(plan.step_ids.filtered(lambda s: s.context == "technology"))
        self.assertEqual(plan.survivor_id.name, "Tour Survivor")
        # the contact itself is not changed: nothing new goes there
        self.assertFalse(self.survivor.write_date > self.survivor.create_date)

    def _tour_checklist(self):
        return self.env["safety.risk.template"].create(
            {
                "name": "Tour checklist",
                "sequence": 0,
                "method": "weighted_sum",
                "question_ids": [
                    (0, 0, {"sequence": 1, "name": "Threats to kill", "weight": 1}),
                    (0, 0, {"sequence": 2, "name": "Weapons at home", "weight": 2}),
                    (0, 0, {"sequence": 3, "name": "Recent separation", "weight": 3}),
                ],
                "threshold_ids": [
                    (0, 0, {"level": "low", "min_score": 0}),
                    (0, 0, {"level": "medium", "min_score": 3}),
                    (0, 0, {"level": "high", "min_score": 5}),
                ],
            }
        )

    def test_assess_risk(self):
        self._tour_checklist()
        survivor = self.env["safety.survivor"].create({"name": "Risk Tour Survivor"})
        plan = self.env["safety.plan"].create(
            {"survivor_id": survivor.id, "advocate_id": self.advocate.id}
        )
        self.start_tour(
            "/odoo/safety-plans", "victim_safety_planning_risk_tour", login="tour_advocate"
        )
        self.assertEqual(plan.risk_level, "medium")
        self.assertEqual(plan.review_interval_days, 30)
        self.assertEqual(plan.assessment_ids.state, "confirmed")
        self.assertEqual(plan.assessment_ids.score, 3)

    def test_log_incident_from_plan(self):
        survivor = self.env["safety.survivor"].create({"name": "Incident Tour Survivor"})
        plan = self.env["safety.plan"].create(
            {"survivor_id": survivor.id, "advocate_id": self.advocate.id}
        )
        self.start_tour(
            "/odoo/safety-plans", "victim_safety_planning_incident_tour", login="tour_advocate"
        )
        incident = plan.incident_ids
        self.assertEqual(incident.kind, "near_miss")
        self.assertEqual(incident.reported_by_id, self.advocate)
        self.assertIn("gym", incident.description)
        reassessment = self.env.ref("victim_safety_planning.mail_activity_type_safety_reassessment")
        activity = plan.activity_ids.filtered(lambda a: a.activity_type_id == reassessment)
        self.assertEqual(activity.user_id, self.advocate)

    def test_assess_risk_from_reassessment_activity(self):
        self._tour_checklist()
        survivor = self.env["safety.survivor"].create({"name": "Reassess Tour Survivor"})
        plan = self.env["safety.plan"].create(
            {"survivor_id": survivor.id, "advocate_id": self.advocate.id}
        )
        self.env["safety.incident"].with_user(self.advocate).create(
            {"plan_id": plan.id, "kind": "near_miss", "description": "Seen outside"}
        )
        reassessment = self.env.ref("victim_safety_planning.mail_activity_type_safety_reassessment")
        activity = plan.activity_ids.filtered(lambda a: a.activity_type_id == reassessment)
        self.assertTrue(activity)
        self.start_tour(
            "/odoo/safety-plans",
            "victim_safety_planning_reassessment_tour",
            login="tour_advocate",
        )
        self.assertEqual(plan.assessment_ids.state, "confirmed")
        self.assertFalse(activity.active, "confirming the assessment marks the activity done")

    def test_referrals_without_sales_rights(self):
        referrer = new_test_user(
            self.env,
            login="tour_referrer",
            groups="victim_safety_planning.group_safety_supervisor,sales_team.group_sale_salesman",
        )
        lead = self.env["crm.lead"].create(
            {
                "name": "Call back",
                "contact_name": "Referral Tour Survivor",
                "phone": "+14155552673",
                "user_id": referrer.id,
            }
        )
        wizard = (
            self.env["safety.lead.refer.wizard"]
            .with_user(referrer)
            .with_context(default_lead_id=lead.id)
            .create({"advocate_id": self.advocate.id, "phone_owner": "survivor"})
        )
        plan = self.env["safety.plan"].browse(wizard.action_refer()["res_id"])
        self.assertEqual(plan.referred_by_id, referrer)
        self.assertTrue(plan.referral_date)
        self.assertFalse(self.advocate.has_group("sales_team.group_sale_salesman"))
        self.start_tour("/odoo", "victim_safety_planning_referral_tour", login="tour_advocate")

    def test_start_review_from_activity(self):
        survivor = self.env["safety.survivor"].create({"name": "Review Tour Survivor"})
        plan = self.env["safety.plan"].create(
            {
                "survivor_id": survivor.id,
                "advocate_id": self.advocate.id,
                "risk_level": "high",
                "state": "active",
                "emergency_contact_ids": [(0, 0, {"name": "Friend", "phone": "911"})],
            }
        )
        activity = plan.review_activity_id
        self.assertTrue(activity, "an active plan has its review activity")
        self.start_tour(
            "/odoo/safety-plans", "victim_safety_planning_review_tour", login="tour_advocate"
        )
        review = plan.review_ids
        self.assertEqual(review.state, "done")
        self.assertEqual(review.feels_safe_score, 7)
        self.assertEqual(review.reviewer_id, self.advocate)
        self.assertFalse(activity.active, "the activity is done")
        self.assertEqual(plan.last_review_date, review.date)
        self.assertEqual(plan.review_activity_id.date_deadline, plan.next_review_date)
        self.assertNotEqual(plan.review_activity_id, activity)
