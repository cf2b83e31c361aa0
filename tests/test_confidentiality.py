from datetime import timedelta

from markupsafe import Markup

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import SafetyCommon


@tagged("post_install", "-at_install")
class TestConfidentiality(SafetyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survivor.write(
            {"email": "robin.fictional@example.org", "phone": "+1 415 555 2671", "city": "Oakdale"}
        )
        cls.customer = cls.env["res.partner"].create({"name": "Ordinary Customer"})
        cls.intake = cls.env["crm.lead"].create(
            {"name": "Hotline referral", "is_safety_intake": True, "contact_name": "Robin"}
        )
        cls.sales_lead = cls.env["crm.lead"].create({"name": "Big deal", "type": "opportunity"})

    # partners and leads -----------------------------------------------------
    def test_outsider_cannot_find_or_read_survivor(self):
        Partner = self.env["res.partner"].with_user(self.outsider)
        self.assertNotIn(self.survivor, Partner.search([]))
        self.assertIn(self.customer, Partner.search([]))
        self.assertFalse(Partner.name_search("Robin Fictional"))
        self.assertFalse(Partner.search_count([("email", "=", "robin.fictional@example.org")]))
        self.assertTrue(Partner.name_search("Ordinary Customer"))
        with self.assertRaises(AccessError):
            self.survivor.with_user(self.outsider).read(["name"])
        with self.assertRaises(AccessError):
            self.survivor.with_user(self.outsider).web_read({"name": {}})
        groups = Partner.formatted_read_group([], ["city"], ["__count"])
        self.assertNotIn("Oakdale", [g["city"] for g in groups])
        # members keep working with survivors
        self.assertIn(self.survivor, self.env["res.partner"].with_user(self.advocate).search([]))

    def test_rule_cannot_be_or_ed_away_by_other_apps(self):
        rule = self.env.ref("victim_safety_planning.res_partner_rule_safety_confidential")
        self.assertFalse(rule.groups, "a global rule: AND-ed with every group rule")
        self.env["ir.rule"].create(
            {
                "name": "Some other app: see every partner",
                "model_id": self.env.ref("base.model_res_partner").id,
                "groups": [(4, self.env.ref("sales_team.group_sale_manager").id)],
                "domain_force": "[(1, '=', 1)]",
            }
        )
        self.assertNotIn(self.survivor, self.env["res.partner"].with_user(self.outsider).search([]))

    def test_outsider_cannot_see_intake_leads(self):
        Lead = self.env["crm.lead"].with_user(self.outsider)
        self.assertIn(self.sales_lead, Lead.search([]))
        self.assertNotIn(self.intake, Lead.search([]))
        with self.assertRaises(AccessError):
            self.intake.with_user(self.outsider).read(["contact_name"])
        self.assertIn(self.intake, self.env["crm.lead"].with_user(self.advocate).search([]))

    def test_lead_naming_a_survivor_becomes_intake(self):
        lead = self.env["crm.lead"].create({"name": "Quote", "partner_id": self.customer.id})
        self.assertFalse(lead.is_safety_intake)
        lead.partner_id = self.survivor
        self.assertTrue(lead.is_safety_intake)
        copied = self.env["crm.lead"].create({"name": "Copy", "partner_id": self.survivor.id})
        self.assertTrue(copied.is_safety_intake)
        self.assertEqual(copied.email_from, "robin.fictional@example.org")
        with self.assertRaises(AccessError):
            copied.with_user(self.outsider).read(["email_from", "phone", "contact_name"])
        # a customer who becomes a survivor takes their leads along
        other = self.env["crm.lead"].create({"name": "Renewal", "partner_id": self.customer.id})
        self.customer.write({"is_survivor": True, "is_confidential": True})
        self.assertTrue(other.is_safety_intake)

    def test_email_gateway_from_survivor_creates_hidden_lead(self):
        raw = (
            "From: Robin Fictional <robin.fictional@example.org>\r\n"
            "To: sales@example.org\r\n"
            "Subject: Please call me\r\n"
            "Message-ID: <vsp-gateway-1@example.org>\r\n"
            "Content-Type: text/plain\r\n\r\nI need help.\r\n"
        )
        lead_id = self.env["mail.thread"].message_process("crm.lead", raw)
        lead = self.env["crm.lead"].browse(lead_id)
        self.assertEqual(lead.partner_id, self.survivor)
        self.assertTrue(lead.is_safety_intake)
        self.assertNotIn(lead, self.env["crm.lead"].with_user(self.outsider).search([]))

    def test_no_mail_alias_on_safety_models(self):
        aliases = self.env["mail.alias"].search([("alias_model_id.model", "=like", "safety.%")])
        self.assertFalse(aliases)

    # display names, group-by labels, contact widget, access errors --------
    def test_display_name_placeholder_for_outsider(self):
        colleague = self.env["res.partner"].create(
            {"name": "Colleague", "parent_id": self.survivor.id, "type": "other"}
        )
        self.assertEqual(self.survivor.with_user(self.outsider).sudo().display_name, "Confidential")
        self.assertEqual(self.plan.with_user(self.outsider).sudo().display_name, "Confidential")
        self.assertEqual(self.intake.with_user(self.outsider).sudo().display_name, "Confidential")
        self.assertEqual(self.survivor.with_user(self.advocate).display_name, "Robin Fictional")
        data = colleague.with_user(self.outsider).web_read(
            {"parent_id": {"fields": {"display_name": {}}}}
        )
        self.assertEqual(data[0]["parent_id"]["display_name"], "Confidential")
        groups = (
            self.env["res.partner"]
            .with_user(self.outsider)
            .formatted_read_group([("id", "=", colleague.id)], ["parent_id"], ["__count"])
        )
        self.assertEqual(groups[0]["parent_id"][1], "Confidential")

    def test_qweb_contact_widget(self):
        converter = self.env["ir.qweb.field.contact"]
        html = converter.with_user(self.outsider).value_to_html(self.survivor, {})
        self.assertNotIn("Robin", str(html))
        self.assertNotIn("Oakdale", str(html))
        self.assertNotIn("555", str(html))
        member_html = converter.with_user(self.advocate).value_to_html(self.survivor, {})
        self.assertIn("Robin Fictional", str(member_html))

    def test_access_error_names_no_record(self):
        # debug mode (base.group_no_one) only exists in a request: see test_http
        with self.assertRaises(AccessError) as error:
            self.survivor.with_user(self.outsider).read(["name"])
        self.assertNotIn("Robin", str(error.exception))
        with self.assertRaises(AccessError) as error:
            self.intake.with_user(self.outsider).write({"name": "x"})
        self.assertNotIn("Hotline referral", str(error.exception))

    # followers, mentions, notifications ------------------------------------
    def test_outsider_never_follows_confidential_records(self):
        for record in (self.plan, self.survivor, self.intake):
            record.message_subscribe(
                partner_ids=[self.outsider.partner_id.id, self.supervisor.partner_id.id]
            )
            followers = record.message_partner_ids
            self.assertNotIn(self.outsider.partner_id, followers, record._name)
            self.assertIn(self.supervisor.partner_id, followers, record._name)
        self.env["mail.followers"].create(
            {"res_model": "safety.plan", "res_id": self.plan.id, "partner_id": self.customer.id}
        )
        self.assertNotIn(self.customer, self.plan.message_partner_ids)
        # ordinary records keep their followers
        self.sales_lead.message_subscribe(partner_ids=[self.outsider.partner_id.id])
        self.assertIn(self.outsider.partner_id, self.sales_lead.message_partner_ids)

    def test_mentions_and_notifications_stay_inside(self):
        plan = self.plan.with_user(self.advocate).with_context(tracking_disable=False)
        plan.message_subscribe(partner_ids=[self.supervisor.partner_id.id])
        message = plan.message_post(
            body=Markup("<p>Robin moved to a new address</p>"),
            partner_ids=[self.outsider.partner_id.id, self.survivor.id, self.customer.id],
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertFalse(
            message.partner_ids & (self.outsider.partner_id | self.survivor | self.customer)
        )
        notified = message.sudo().notification_ids.res_partner_id
        self.assertIn(self.supervisor.partner_id, notified)
        self.assertFalse(notified & (self.outsider.partner_id | self.survivor | self.customer))
        mails = self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)])
        self.assertFalse(mails.recipient_ids & (self.survivor | self.customer))
        with self.assertRaises(AccessError):
            message.with_user(self.outsider).read(["body"])

    # activities and calendar ------------------------------------------------
    def test_activities_only_for_members(self):
        with self.assertRaisesRegex(ValidationError, "not a Safety Planning user"):
            self.plan.activity_schedule("mail.mail_activity_data_todo", user_id=self.outsider.id)
        with self.assertRaisesRegex(ValidationError, "not a Safety Planning user"):
            self.survivor.activity_schedule(
                "mail.mail_activity_data_todo", user_id=self.outsider.id
            )
        activity = self.plan.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.advocate.id
        )
        with self.assertRaises(ValidationError):
            activity.user_id = self.outsider
        # ordinary records are untouched
        self.sales_lead.activity_schedule("mail.mail_activity_data_todo", user_id=self.outsider.id)
        with self.assertRaises(AccessError):
            activity.with_user(self.outsider).read(["res_name", "summary"])

    def test_calendar_events_private_and_members_only(self):
        Event = self.env["calendar.event"].with_user(self.advocate)
        start = fields.Datetime.now() + timedelta(days=1)
        values = {
            "name": "Court preparation with Robin",
            "start": start,
            "stop": start + timedelta(hours=1),
            "res_model_id": self.env["ir.model"]._get_id("safety.plan"),
            "res_id": self.plan.id,
        }
        with self.assertRaisesRegex(ValidationError, "only Safety Planning users"):
            Event.create(dict(values, partner_ids=[(6, 0, [self.outsider.partner_id.id])]))
        event = Event.create(dict(values, partner_ids=[(6, 0, [self.supervisor.partner_id.id])]))
        self.assertEqual(event.privacy, "private")
        with self.assertRaises(ValidationError):
            event.partner_ids = [(4, self.outsider.partner_id.id)]
        with self.assertRaises(ValidationError):
            self.env["calendar.event"].create(
                {
                    "name": "Lunch",
                    "start": start,
                    "stop": start + timedelta(hours=1),
                    "partner_ids": [(6, 0, [self.survivor.id, self.outsider.partner_id.id])],
                }
            )
        data = event.with_user(self.outsider).read(["name"])
        self.assertNotIn("Robin", data[0]["name"])

    def test_activity_report_hides_intakes(self):
        for lead in (self.intake, self.sales_lead):
            activity = lead.activity_schedule(
                "mail.mail_activity_data_call", user_id=self.advocate.id
            )
            activity.action_feedback(feedback="Called")
        self.env.flush_all()
        Report = self.env["crm.activity.report"].with_user(self.outsider)
        leads = Report.search([]).lead_id
        self.assertIn(self.sales_lead, leads)
        self.assertNotIn(self.intake, leads)
        # the intake does have a row: the rule, not the data, hides it
        self.assertIn(self.intake, self.env["crm.activity.report"].search([]).lead_id)

    # address confidentiality program ----------------------------------------
    def test_address_confidentiality_program(self):
        program = self.env["res.partner"].create(
            {
                "name": "State ACP",
                "is_company": True,
                "street": "PO Box 1000",
                "city": "Capitol City",
                "zip": "90000",
                "country_id": self.env.ref("base.us").id,
            }
        )
        self.survivor.street = "12 Hidden Lane"
        with self.assertRaisesRegex(ValidationError, "ACP Program"):
            self.survivor.with_user(self.advocate).write({"is_acp_enrolled": True})
        self.survivor.with_user(self.advocate).write(
            {"is_acp_enrolled": True, "acp_program_id": program.id}
        )
        self.assertEqual(self.survivor.street, "PO Box 1000")
        self.assertEqual(self.survivor.city, "Capitol City")
        self.assertIn("12 Hidden Lane", self.survivor.safety_real_address)
        shown = self.survivor.with_context(show_address=True).display_name
        self.assertIn("PO Box 1000", shown)
        self.assertNotIn("Hidden Lane", shown)
        self.assertNotIn(
            "safety_real_address", self.env["res.partner"].with_user(self.outsider).fields_get()
        )

    # access log ---------------------------------------------------------------
    def test_access_log_records_reads_and_exports(self):
        Log = self.env["safety.access.log"]
        self.advocate.group_ids += self.env.ref("base.group_allow_export")
        self.plan.with_user(self.advocate).web_read({"name": {}})
        self.survivor.with_user(self.advocate).web_read({"name": {}})
        self.plan.with_user(self.advocate).export_data(["name"])
        self.customer.with_user(self.advocate).web_read({"name": {}})
        logs = Log.search([("user_id", "=", self.advocate.id)])
        self.assertEqual(
            sorted(logs.mapped(lambda log: (log.model, log.res_id, log.action))),
            sorted(
                [
                    ("res.partner", self.survivor.id, "read"),
                    ("safety.plan", self.plan.id, "export"),
                    ("safety.plan", self.plan.id, "read"),
                ]
            ),
        )

    def test_access_log_append_only_and_restricted(self):
        entry = self.env["safety.access.log"]._log(self.plan, "read")
        self.assertTrue(entry.with_user(self.supervisor).read(["action"]))
        with self.assertRaises(AccessError):
            entry.with_user(self.advocate).read(["action"])
        for user in (self.supervisor, self.manager):
            with self.assertRaises(UserError):  # AccessError is a UserError
                entry.with_user(user).write({"action": "erase"})
            with self.assertRaises(UserError):  # AccessError is a UserError
                entry.with_user(user).unlink()
            with self.assertRaises(UserError):  # AccessError is a UserError
                self.env["safety.access.log"].with_user(user).create(
                    {
                        "model": "safety.plan",
                        "res_id": 1,
                        "action": "read",
                        "timestamp": fields.Datetime.now(),
                    }
                )
        with self.assertRaises(UserError):
            entry.sudo().write({"action": "erase"})
        with self.assertRaises(UserError):
            entry.sudo().unlink()

    def test_access_log_retention_purge(self):
        Log = self.env["safety.access.log"]
        old = Log._log(self.plan, "read")
        recent = Log._log(self.plan, "export")
        self.env.cr.execute(
            "UPDATE safety_access_log SET timestamp = now() - interval '800 days' WHERE id = %s",
            [old.id],
        )
        Log.invalidate_model()
        Log._cron_purge()
        self.assertFalse(old.exists())
        self.assertTrue(recent.exists())

    def test_mention_suggestions_skip_survivors(self):
        result = self.env["res.partner"].with_user(self.outsider).get_mention_suggestions("Robin")
        self.assertNotIn("Robin Fictional", str(result))
        member = self.env["res.partner"].with_user(self.advocate).get_mention_suggestions("Robin")
        self.assertIn("Robin Fictional", str(member))

    def test_outsider_ordinary_work_unaffected(self):
        Partner = self.env["res.partner"].with_user(self.outsider)
        own = self.outsider.partner_id.with_user(self.outsider)
        self.assertTrue(own.read(["name", "email"]))
        self.assertTrue(self.advocate.partner_id.with_user(self.outsider).read(["name"]))
        client = Partner.create({"name": "New Client", "email": "client@example.org"})
        client.write({"city": "Elsewhere"})
        lead = (
            self.env["crm.lead"]
            .with_user(self.outsider)
            .create({"name": "Upsell", "partner_id": client.id, "user_id": self.outsider.id})
        )
        self.assertFalse(lead.sudo().is_safety_intake)
        lead.message_post(body=Markup("<p>Called the client</p>"), message_type="comment")
        lead.activity_schedule("mail.mail_activity_data_todo", user_id=self.outsider.id)
        start = fields.Datetime.now() + timedelta(days=1)
        event = (
            self.env["calendar.event"]
            .with_user(self.outsider)
            .create(
                {
                    "name": "Client lunch",
                    "start": start,
                    "stop": start + timedelta(hours=1),
                    "partner_ids": [(6, 0, [client.id, self.outsider.partner_id.id])],
                }
            )
        )
        self.assertNotEqual(event.privacy, "private")

    def test_follower_from_before_is_not_notified(self):
        # a subscription that predates the addon (or came by SQL) must not
        # receive anything: recipients are filtered at notification time too
        self.env.cr.execute(
            "INSERT INTO mail_followers (res_model, res_id, partner_id) VALUES (%s, %s, %s) "
            "RETURNING id",
            ["safety.plan", self.plan.id, self.outsider.partner_id.id],
        )
        follower_id = self.env.cr.fetchone()[0]
        self.env.cr.execute(
            "INSERT INTO mail_followers_mail_message_subtype_rel "
            "(mail_followers_id, mail_message_subtype_id) VALUES (%s, %s)",
            [follower_id, self.env.ref("mail.mt_comment").id],
        )
        self.plan.invalidate_recordset()
        self.assertIn(self.outsider.partner_id, self.plan.message_partner_ids)
        message = self.plan.with_user(self.advocate).message_post(
            body=Markup("<p>New safe place</p>"),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertNotIn(self.outsider.partner_id, message.sudo().notification_ids.res_partner_id)

    def test_access_log_records_prints(self):
        view = self.env["ir.ui.view"].create(
            {
                "name": "vsp_test_print",
                "type": "qweb",
                "key": "victim_safety_planning.vsp_test_print",
                "arch": '<t t-name="victim_safety_planning.vsp_test_print">'
                '<t t-foreach="docs" t-as="doc"><p t-out="doc.name"/></t></t>',
            }
        )
        report = self.env["ir.actions.report"].create(
            {
                "name": "Plan summary",
                "model": "safety.plan",
                "report_type": "qweb-html",
                "report_name": view.key,
            }
        )
        html, _format = (
            self.env["ir.actions.report"]
            .with_user(self.advocate)
            ._render_qweb_html(report.report_name, self.plan.ids)
        )
        self.assertIn(self.plan.name, str(html))
        log = self.env["safety.access.log"].search([("action", "=", "print")])
        self.assertEqual(
            (log.user_id, log.model, log.res_id), (self.advocate, "safety.plan", self.plan.id)
        )
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(self.outsider)._render_qweb_html(
                report.report_name, self.plan.ids
            )
