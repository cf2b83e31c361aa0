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
        plan = self.env["safety.plan"].search([("survivor_id", "=", self.survivor.id)])
        self.assertEqual(len(plan), 1)
        self.assertEqual(plan.advocate_id, self.advocate)
        self.assertEqual(plan.situation_type, "stalking")
        self.assertEqual(plan.emergency_contact_ids.mapped("name"), ["Tour Sister"])
        self.assertEqual(plan.emergency_contact_ids.phone, "+14155552671")
        self.assertEqual(plan.location_ids.mapped("name"), ["Tour Library"])
        self.assertTrue(plan.step_ids.filtered(lambda s: s.context == "technology"))
        self.assertTrue(self.survivor.is_survivor)
