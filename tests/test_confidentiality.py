from datetime import timedelta

from markupsafe import Markup
from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

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
        cls.sales_lead = cls.env["crm.lead"].create({"name": "Big deal", "type": "opportunity"})

    # the vault ----------------------------------------------------------------
    def test_linked_contact_is_left_as_it_was(self):
        contact = self.env["res.partner"].create(
            {"name": "Robin Customer", "email": "robin.customer@example.org", "city": "Elm"}
        )
        self.env.flush_all()
        before = contact.read()[0]
        self.survivor.with_user(self.advocate).partner_id = contact
        after = contact.read()[0]
        for name in ("name", "email", "city", "active", "write_date", "category_id", "comment"):
            self.assertEqual(before[name], after[name], name)
        outsider_view = contact.with_user(self.outsider).read()[0]
        self.assertEqual(
            [name for name in outsider_view if "safety" in name],
            ["safety_resource_type"],
            "only the marker of resource organisations is on a contact",
        )
        self.assertNotIn("Oakdale", str(outsider_view))
        # members find their way to the vault from the contact
        self.assertEqual(contact.with_user(self.advocate).safety_survivor_count, 1)
        self.assertEqual(contact.with_user(self.advocate_other).safety_survivor_count, 0)

    def test_no_mail_alias_on_safety_models(self):
        aliases = self.env["mail.alias"].search([("alias_model_id.model", "=like", "safety.%")])
        self.assertFalse(aliases)

    # display names, group-by labels, access errors ---------------------------
    def test_display_name_placeholder_for_those_who_may_not_read(self):
        step = self.plan.step_ids[:1]
        for user in (self.outsider, self.advocate_other):
            for record in (self.survivor, self.plan, step):
                with self.subTest(user=user.login, model=record._name):
                    self.assertEqual(record.with_user(user).sudo().display_name, "Confidential")
        self.assertEqual(self.survivor.with_user(self.advocate).display_name, "Robin Fictional")
        self.assertEqual(self.plan.with_user(self.supervisor).sudo().display_name, self.plan.name)

    def test_access_error_names_no_record(self):
        # debug mode (base.group_no_one) only exists in a request: see test_http
        for record in (self.survivor, self.plan):
            with self.subTest(model=record._name):
                # a non-member: core's refusal of the model
                with self.assertRaises(AccessError) as error:
                    record.with_user(self.outsider).read(["display_name"])
                self.assertNotIn("Robin", str(error.exception))
                self.assertNotIn(self.plan.name, str(error.exception))
                # another team: a record that does not exist, core's own class
                self.assertEqual(record.with_user(self.advocate_other).read(["display_name"]), [])
                with self.assertRaises(MissingError) as error:
                    record.with_user(self.advocate_other).check_access("read")
                self.assertNotIsInstance(error.exception, AccessError)
                self.assertNotIn("Robin", str(error.exception))
                self.assertNotIn(self.plan.name, str(error.exception))

    # followers, mentions, notifications ------------------------------------
    def test_outsider_never_follows_confidential_records(self):
        for record in (self.plan, self.survivor):
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
            partner_ids=[self.outsider.partner_id.id, self.customer.id],
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertFalse(message.partner_ids & (self.outsider.partner_id | self.customer))
        notified = message.sudo().notification_ids.res_partner_id
        self.assertIn(self.supervisor.partner_id, notified)
        self.assertFalse(notified & (self.outsider.partner_id | self.customer))
        mails = self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)])
        self.assertFalse(mails.recipient_ids & self.customer)
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
        data = event.with_user(self.outsider).read(["name"])
        self.assertNotIn("Robin", data[0]["name"])

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
        survivor = self.survivor.with_user(self.advocate)
        survivor.street = "12 Hidden Lane"
        self.assertIn("Hidden Lane", survivor._safety_printable_address())
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            survivor.is_acp_enrolled = True
            survivor.flush_recordset()
        survivor.invalidate_recordset()
        survivor.write({"is_acp_enrolled": True, "acp_program_id": program.id})
        printed = survivor._safety_printable_address()
        self.assertIn("PO Box 1000", printed)
        self.assertNotIn("Hidden Lane", printed)
        self.assertEqual(survivor.street, "12 Hidden Lane", "the real address stays in the vault")

    # access log ---------------------------------------------------------------
    def test_access_log_records_exports(self):
        # reads are logged for what a request asks for (tests/test_access_log.py)
        Log = self.env["safety.access.log"]
        self.advocate.group_ids += self.env.ref("base.group_allow_export")
        self.plan.with_user(self.advocate).export_data(["name"])
        self.customer.with_user(self.advocate).export_data(["name"])
        logs = Log.search([("user_id", "=", self.advocate.id)])
        self.assertEqual(
            logs.mapped(lambda log: (log.model, log.res_id, log.action)),
            [("safety.plan", self.plan.id, "export")],
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
        """Any report on plans, an agency's own included, is in the access
        history once its PDF exists; its HTML preview is no print."""
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
                "report_type": "qweb-pdf",
                "report_name": view.key,
            }
        )
        Report = self.env["ir.actions.report"].with_user(self.advocate)
        html, _format = Report._render_qweb_html(report.report_name, self.plan.ids)
        self.assertIn(self.plan.name, str(html))
        Log = self.env["safety.access.log"]
        self.assertFalse(Log.search([("action", "=", "print")]), "a preview is no print")
        # tests render the PDF path without wkhtmltopdf unless forced: same hook
        Report._render_qweb_pdf(report.report_name, self.plan.ids)
        log = Log.search([("action", "=", "print")])
        self.assertEqual(
            (log.user_id, log.model, log.res_id), (self.advocate, "safety.plan", self.plan.id)
        )
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(self.outsider)._render_qweb_html(
                report.report_name, self.plan.ids
            )
