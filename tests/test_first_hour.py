"""The first hour of a new agency: what the demo sets up (cards print at
once, the helpline lead shows, Odoo's lead enrichment is off) and dialog
defaults that can't hurt (the plan can't be re-pointed from a dialog opened
on it, no score or outcome is preset, a company gets a clear answer)."""

from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import SafetyCommon

DEMO_URL = "https://verify.example.org"


@tagged("post_install", "-at_install")
class TestFirstHour(SafetyCommon):
    def _param(self, key):
        return self.env["ir.config_parameter"].sudo().get_param(key)

    # the demo agency -----------------------------------------------------------
    def test_demo_prints_cards_with_a_fictional_address(self):
        self.assertEqual(self._param("victim_safety_planning.card_base_url"), DEMO_URL)
        Card = self.env["safety.card"].with_user(self.advocate)
        self.assertEqual(Card._safety_public_base_url(), DEMO_URL, "cards print at once")
        wizard = Form(
            self.env["safety.card.print.wizard"]
            .with_user(self.advocate)
            .with_context(active_model="safety.plan", active_ids=self.plan.ids)
        )
        self.assertFalse(wizard.card_base_url_problem)
        self.assertIn("verify.example.org", wizard.card_base_url_note)
        self.assertIn("Settings > Safety Planning > Wallet cards", wizard.card_base_url_note)
        admin = self.env.ref("base.user_admin")
        self.assertIn(admin.name, wizard.settings_admin_names, "the advocate sees whom to ask")
        self.assertNotIn(self.advocate.name, wizard.settings_admin_names)

    def test_a_real_address_gets_no_note(self):
        self.env["ir.config_parameter"].set_param(
            "victim_safety_planning.card_base_url", "https://help.agency-odoo.net"
        )
        wizard = Form(
            self.env["safety.card.print.wizard"]
            .with_user(self.advocate)
            .with_context(active_model="safety.plan", active_ids=self.plan.ids)
        )
        self.assertFalse(wizard.card_base_url_note)
        self.assertFalse(wizard.card_base_url_problem)

    def test_demo_shows_the_helpline_lead(self):
        lead = self.env.ref("victim_safety_planning.demo_lead_helpline_drew")
        self.assertEqual(lead.type, "lead")
        salesman = self.env["res.users"].create(
            {
                "name": "Sam Sales",
                "login": "first_hour_sales",
                "group_ids": [(6, 0, [self.env.ref("sales_team.group_sale_salesman").id])],
            }
        )
        for user in (salesman, self.advocate):
            self.assertTrue(user.has_group("crm.group_use_lead"), "CRM's Leads feature is on")
        self.assertTrue(
            self.env["crm.lead"].search([("type", "=", "lead"), ("id", "=", lead.id)]),
        )

    def test_lead_enrichment_is_off(self):
        self.assertEqual(self._param("crm.iap.lead.enrich.setting"), "manual")
        cron = self.env.ref("crm_iap_enrich.ir_cron_lead_enrichment", raise_if_not_found=False)
        if cron:
            self.assertFalse(cron.active, "no lead is sent to Odoo's enrichment service")
        # and it stays off when the addon is installed again in any database
        self.env["ir.config_parameter"].set_param("crm.iap.lead.enrich.setting", "auto")
        if cron:
            cron.active = True
        self.env["res.config.settings"]._safety_lead_enrichment_off()
        self.assertEqual(self._param("crm.iap.lead.enrich.setting"), "manual")
        if cron:
            self.assertFalse(cron.active)

    def test_referred_lead_is_never_enriched(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Called from a clinic",
                "type": "lead",
                "contact_name": "Nadia Ковалёва",
                "email_from": "nadia@clinic-example.org",
            }
        )
        if "iap_enrich_done" not in lead._fields:
            self.skipTest("Odoo's Lead Enrichment is not installed")
        self.assertFalse(lead.iap_enrich_done)
        lead._safety_scrub()
        self.assertTrue(lead.with_context(active_test=False).iap_enrich_done)

    def test_settings_say_why_outside_lookups_are_off(self):
        arch = self.env["res.config.settings"].get_view(
            self.env.ref("victim_safety_planning.res_config_settings_view_form").id
        )["arch"]
        text = " ".join(
            etree.fromstring(arch).xpath("//setting[@id='safety_outside_lookups']//text()")
        )
        self.assertIn("Lead Enrichment", text)
        self.assertIn("Partner Autocomplete", text)

    # dialog defaults ---------------------------------------------------------------
    def test_review_dialog_presets_nothing(self):
        action = self.plan.with_user(self.advocate).action_start_review()
        review = Form(
            self.env["safety.review"].with_user(self.advocate).with_context(**action["context"])
        )
        self.assertEqual(review.plan_id, self.plan)
        self.assertFalse(review.outcome, "no outcome is preset")
        self.assertFalse(review.feels_safe_score, "no score is preset")
        self.assertTrue(review._get_modifier("plan_id", "readonly"), "the plan can't be re-pointed")
        review.feels_safe_score = 3
        with self.assertRaises(AssertionError, msg="the advocate chooses an outcome"):
            review.save()
        review.outcome = "reassess"
        self.assertEqual(review.save().outcome, "reassess")

    def test_dialogs_opened_from_a_plan_keep_their_plan(self):
        context = {"default_plan_id": self.plan.id}
        for model in ("safety.risk.assessment", "safety.review"):
            with self.subTest(model=model):
                form = Form(self.env[model].with_user(self.advocate).with_context(**context))
                self.assertEqual(form.plan_id, self.plan)
                self.assertTrue(form._get_modifier("plan_id", "readonly"))

    def test_contact_form_says_why_a_company_has_no_plan_button(self):
        arch = etree.fromstring(
            self.env["res.partner"].with_user(self.advocate).get_view(view_type="form")["arch"]
        )
        [hint] = arch.xpath("//header/span[@name='safety_plan_for_people']")
        self.assertEqual(hint.get("invisible"), "not is_company or safety_resource_type")
        self.assertIn("Person", "".join(hint.itertext()))
        [button] = arch.xpath("//header/button[@name='action_create_safety_plan']")
        self.assertEqual(button.get("invisible"), "is_company")

    def test_plan_from_a_company_says_why(self):
        self.advocate.group_ids += self.env.ref("base.group_partner_manager")
        company = self.env["res.partner"].create({"name": "Zhōu Logistics 周", "is_company": True})
        with self.assertRaisesRegex(UserError, "is a company: a safety plan is for one person"):
            company.with_user(self.advocate).action_create_safety_plan()
        person = self.env["res.partner"].create({"name": "Amira عمر", "parent_id": company.id})
        action = person.with_user(self.advocate).action_create_safety_plan()
        self.assertEqual(action["res_model"], "safety.plan")
