from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import SafetyCommon

SURVIVOR_EMAIL = "robin.fictional@example.org"


def _raw(sender, to, subject, message_id, body="I need help.", extra_headers=""):
    return (
        f"From: {sender}\r\n"
        f"To: {to}\r\n"
        f"Subject: {subject}\r\n"
        f"Message-ID: <{message_id}@example.org>\r\n"
        f"{extra_headers}"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        f"{body}\r\n"
    )


@tagged("post_install", "-at_install")
class TestGateway(SafetyCommon):
    """Mail from a survivor's address reaches the survivor's plan, whatever
    alias it was sent to; nobody of that alias's app sees anything."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survivor.email = f"Robin <{SURVIVOR_EMAIL}>"
        cls.alias_domain = cls.env["mail.alias.domain"].create(
            {"name": "agency.example.org", "bounce_alias": "bounce", "catchall_alias": "catchall"}
        )
        cls.env.company.alias_domain_id = cls.alias_domain
        cls.lead_alias = cls.env["mail.alias"].create(
            {
                "alias_name": "vsp-sales",
                "alias_model_id": cls.env["ir.model"]._get_id("crm.lead"),
                "alias_domain_id": cls.alias_domain.id,
                "alias_contact": "everyone",
            }
        )
        cls.salesman = cls._new_outsider(cls.env, login="vsp_gateway_sales")
        cls.plan.message_subscribe(partner_ids=cls.advocate.partner_id.ids)

    def _process(self, raw, model=None):
        with mute_logger("odoo.addons.mail.models.mail_thread"):
            return self.env["mail.thread"].message_process(model, raw)

    def test_mail_to_a_sales_alias_lands_on_the_plan(self):
        leads_before = self.env["crm.lead"].with_context(active_test=False).search_count([])
        thread_id = self._process(
            _raw(
                f"Robin <{SURVIVOR_EMAIL}>",
                "vsp-sales@agency.example.org",
                "Please call me",
                "vsp-gw-1",
                body="He found my new address on Elm Street.",
            )
        )
        self.assertEqual(thread_id, self.plan.id)
        self.assertEqual(
            self.env["crm.lead"].with_context(active_test=False).search_count([]), leads_before
        )
        message = self.plan.message_ids.filtered(lambda m: "Elm Street" in str(m.body))
        self.assertEqual(len(message), 1)
        self.assertEqual(message.message_type, "email")
        # the plan's advocate hears of it; the sales team does not
        self.assertIn(self.advocate.partner_id, message.sudo().notification_ids.res_partner_id)
        self.assertFalse(
            self.env["mail.message"].with_user(self.salesman).search([("id", "=", message.id)])
        )

    def test_fallback_model_and_replies_are_diverted_too(self):
        lead = self.env["crm.lead"].create({"name": "Old catering quote"})
        sent = lead.message_post(
            body="Your quote", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        thread_id = self._process(
            _raw(
                SURVIVOR_EMAIL,
                "someone@agency.example.org",
                "Re: Your quote",
                "vsp-gw-2",
                body="I moved; do not write to my old address.",
                extra_headers=f"In-Reply-To: {sent.message_id}\r\n",
            ),
            model="crm.lead",
        )
        self.assertEqual(thread_id, self.plan.id)
        self.assertNotIn("moved", str(lead.message_ids.mapped("body")))
        self.assertIn("moved", str(self.plan.message_ids.mapped("body")))

    def test_other_senders_keep_their_route(self):
        thread_id = self._process(
            _raw(
                "Client <client@example.org>",
                "vsp-sales@agency.example.org",
                "Quote",
                "vsp-gw-3",
            )
        )
        lead = self.env["crm.lead"].browse(thread_id)
        self.assertIn("client@example.org", lead.email_from)

    def test_survivor_without_plan_gets_the_message_on_their_record(self):
        newcomer = (
            self.env["safety.survivor"]
            .with_user(self.advocate)
            .create({"name": "New Person", "email": "new.person@example.org"})
        )
        thread_id = self._process(
            _raw("new.person@example.org", "vsp-sales@agency.example.org", "Hello", "vsp-gw-4")
        )
        self.assertEqual(thread_id, newcomer.id)
        self.assertIn("I need help", str(newcomer.message_ids.mapped("body")))

    def test_a_survivor_writing_often_is_never_bounced(self):
        for index in range(25):
            self._process(
                _raw(
                    SURVIVOR_EMAIL,
                    "vsp-sales@agency.example.org",
                    "Again",
                    f"vsp-gw-loop-{index}",
                )
            )
        bounces = self.env["mail.mail"].sudo().search([("email_to", "ilike", SURVIVOR_EMAIL)])
        self.assertFalse(bounces)
        self.assertEqual(
            len(self.plan.message_ids.filtered(lambda m: m.message_type == "email")), 25
        )


@tagged("post_install", "-at_install")
class TestWebsiteForm(HttpCase):
    """The website's contact form, filled in with a survivor's address: the
    sales team gets no lead; the survivor's plan gets the message."""

    def test_contact_form_from_a_survivor(self):
        if (
            "website_form_access" not in self.env["ir.model"]._fields
            or not self.env["ir.model"]._get("crm.lead").website_form_access
        ):
            self.skipTest("website_crm is not installed")
        advocate = new_test_user(
            self.env, login="form_advocate", groups="victim_safety_planning.group_safety_advocate"
        )
        survivor = (
            self.env["safety.survivor"]
            .with_user(advocate)
            .create({"name": "Ines Ferreira", "email": SURVIVOR_EMAIL})
        )
        plan = self.env["safety.plan"].with_user(advocate).create({"survivor_id": survivor.id})
        leads = self.env["crm.lead"].with_context(active_test=False)
        before = leads.search_count([])
        with mute_logger("odoo.addons.website.models.ir_http"):
            response = self.url_open(
                "/website/form/crm.lead",
                data={
                    "contact_name": "Ines",
                    "email_from": SURVIVOR_EMAIL,
                    "phone": "+1 415 555 0133",
                    "name": "Question",
                    "description": "Can someone call me at work? Not at home.",
                },
            )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(leads.search_count([]), before, "the sales team gets no lead")
        bodies = str(plan.message_ids.mapped("body"))
        self.assertIn("Not at home", bodies)
        self.assertIn("+1 415 555 0133", bodies)
        # an ordinary visitor still reaches the sales team
        with mute_logger("odoo.addons.website.models.ir_http"):
            self.url_open(
                "/website/form/crm.lead",
                data={"contact_name": "Visitor", "email_from": "visitor@example.org", "name": "Hi"},
            )
        self.assertEqual(leads.search_count([]), before + 1)
