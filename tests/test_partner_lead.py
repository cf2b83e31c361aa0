from odoo.tests import Form, tagged

from .common import SafetyCommon


@tagged("post_install", "-at_install")
class TestPartnerLead(SafetyCommon):
    def test_create_plan_from_partner(self):
        partner = self.env["res.partner"].create({"name": "Jamie Example"})
        action = partner.with_user(self.advocate).action_create_safety_plan()
        self.assertEqual(action["res_model"], "safety.plan")
        plan_form = Form(
            self.env["safety.plan"].with_user(self.advocate).with_context(**action["context"])
        )
        self.assertEqual(plan_form.survivor_id, partner)
        plan_form.situation_type = "stalking"
        plan = plan_form.save()
        self.assertEqual(plan.survivor_id, partner)
        self.assertEqual(plan.advocate_id, self.advocate)
        self.assertTrue(partner.is_survivor)
        view = partner.with_user(self.advocate).action_view_safety_plans()
        self.assertEqual(view["res_id"], plan.id)

    def test_lead_without_partner_creates_survivor(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Referral from clinic",
                "contact_name": "Casey Referral",
                "email_from": "casey.referral@example.org",
                "phone": "+1 415 555 2671",
                "is_safety_intake": True,
            }
        )
        action = lead.with_user(self.advocate).action_open_safety_plan()
        survivor = lead.partner_id
        self.assertEqual(survivor.name, "Casey Referral")
        self.assertTrue(survivor.is_survivor and survivor.is_confidential)
        self.assertTrue(lead.is_safety_intake)
        plan = Form(
            self.env["safety.plan"].with_user(self.advocate).with_context(**action["context"])
        ).save()
        self.assertEqual(plan.lead_id, lead)
        self.assertEqual(plan.survivor_id, survivor)
        self.assertEqual(lead.safety_plan_id, plan)
        again = lead.with_user(self.advocate).action_open_safety_plan()
        self.assertEqual(again["res_id"], plan.id)
        self.assertEqual(self.env["res.partner"].search_count([("name", "=", "Casey Referral")]), 1)

    def test_lead_with_partner_reuses_it(self):
        partner = self.env["res.partner"].create({"name": "Drew Existing"})
        lead = self.env["crm.lead"].create(
            {"name": "Walk-in", "partner_id": partner.id, "is_safety_intake": True}
        )
        action = lead.with_user(self.advocate).action_open_safety_plan()
        self.assertEqual(action["context"]["default_survivor_id"], partner.id)
        self.assertTrue(partner.is_survivor)

    def test_advocate_creates_intake_lead(self):
        lead = (
            self.env["crm.lead"]
            .with_user(self.advocate)
            .create(
                {"name": "Hotline call", "contact_name": "Lee Caller", "is_safety_intake": True}
            )
        )
        lead.action_open_safety_plan()
        self.assertTrue(lead.partner_id.is_survivor)
