from markupsafe import Markup

from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import SafetyCommon


@tagged("post_install", "-at_install")
class TestPartnerLead(SafetyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # referring a lead takes a member who also works in CRM
        cls.advocate.group_ids += cls.env.ref("sales_team.group_sale_salesman_all_leads")

    def test_create_plan_from_contact_leaves_contact_alone(self):
        partner = self.env["res.partner"].create(
            {
                "name": "Jamie Example",
                "email": "jamie@example.org",
                "phone": "+1 415 555 2671",
                "city": "Elm",
                "country_id": self.env.ref("base.us").id,
            }
        )
        self.env.flush_all()
        before = partner.read()[0]
        action = partner.with_user(self.advocate).action_create_safety_plan()
        self.assertEqual(action["res_model"], "safety.plan")
        plan_form = Form(
            self.env["safety.plan"].with_user(self.advocate).with_context(**action["context"])
        )
        plan_form.situation_type = "stalking"
        plan = plan_form.save()
        survivor = plan.survivor_id
        self.assertEqual(survivor.partner_id, partner)
        self.assertEqual(
            (survivor.name, survivor.email, survivor.phone, survivor.city),
            ("Jamie Example", "jamie@example.org", "+14155552671", "Elm"),
        )
        self.assertEqual(plan.advocate_id, self.advocate)
        partner.invalidate_recordset()
        after = partner.read()[0]
        self.assertEqual(
            {
                name: value
                for name, value in before.items()
                if value != after[name] and not name.startswith("safety_survivor")
            },
            {},
            "the contact is not changed at all",
        )
        # a second click reuses the survivor instead of registering them again
        again = partner.with_user(self.advocate).action_create_safety_plan()
        self.assertEqual(again["context"]["default_survivor_id"], survivor.id)
        view = partner.with_user(self.advocate).action_view_safety_survivors()
        self.assertEqual(view["res_id"], survivor.id)
        # outsiders have no such action
        with self.assertRaises(AccessError):
            partner.with_user(self.outsider).action_create_safety_plan()

    def test_usage_of_the_contact_in_other_apps(self):
        partner = self.env["res.partner"].create({"name": "Drew Existing"})
        self.env["crm.lead"].create({"name": "Quote", "partner_id": partner.id})
        survivor = (
            self.env["safety.survivor"]
            .with_user(self.advocate)
            .create({"name": "Drew Existing", "partner_id": partner.id})
        )
        self.assertIn("1 Lead", survivor.partner_usage)

    def test_refer_lead_to_another_advocate(self):
        """An advocate doing intake hands the survivor to a colleague: the plan
        is the colleague's, the referrer is told so and keeps no access."""
        lead = self.env["crm.lead"].create(
            {
                "name": "Walk-in",
                "contact_name": "Zoë Handover",
                "phone": "+1 415 555 2673",
                "user_id": self.advocate.id,
            }
        )
        wizard = Form(
            self.env["safety.lead.refer.wizard"]
            .with_user(self.advocate)
            .with_context(default_lead_id=lead.id)
        )
        wizard.advocate_id = self.advocate_other
        wizard.phone_owner = "survivor"
        action = wizard.save().action_refer()
        plan = self.env["safety.plan"].search([("survivor_id.name", "=", "Zoë Handover")])
        self.assertEqual(len(plan), 1)
        self.assertEqual(plan.advocate_id, self.advocate_other)
        self.assertEqual(plan.referred_by_id, self.advocate)
        self.assertEqual(action["tag"], "display_notification")
        self.assertNotIn(
            "Zoë", str(action), "the notification names the advocate, not the survivor"
        )
        self.assertFalse(
            self.env["safety.plan"].with_user(self.advocate).search([("id", "=", plan.id)])
        )
        self.assertFalse(lead.with_context(active_test=False).contact_name)

    def test_refer_lead(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Referral from clinic",
                "contact_name": "Casey Referral",
                "email_from": "casey.referral@example.org",
                "phone": "+1 415 555 2672",
                "street": "9 Quiet Road",
                "description": "<p>Casey asked for help after a visit.</p>",
                "user_id": self.advocate.id,
            }
        )
        lead.message_post(body=Markup("<p>Casey called again</p>"), message_type="comment")
        wizard = Form(
            self.env["safety.lead.refer.wizard"]
            .with_user(self.advocate)
            .with_context(default_lead_id=lead.id)
        )
        self.assertEqual(wizard.name, "Casey Referral")
        self.assertEqual(wizard.advocate_id, self.advocate)
        wizard.phone_owner = "survivor"
        action = wizard.save().action_refer()
        plan = self.env["safety.plan"].browse(action["res_id"])
        self.assertEqual(plan.survivor_id.name, "Casey Referral")
        self.assertEqual(plan.survivor_id.phone, "+14155552672")
        self.assertEqual(plan.survivor_id.street, "9 Quiet Road")
        self.assertEqual(plan.state, "draft")
        self.assertIn("Casey called again", str(plan.message_ids.mapped("body")))
        lead = lead.with_context(active_test=False)
        self.assertFalse(lead.active)
        self.assertFalse(
            lead.contact_name or lead.email_from or lead.phone or lead.street or lead.partner_id
        )
        self.assertFalse(lead.description)
        self.assertNotIn("Casey", lead.name)
        self.assertNotIn("Casey", str(lead.message_ids.mapped("body")))
