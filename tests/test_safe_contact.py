import json
from contextlib import contextmanager

from markupsafe import Markup

from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

EMAIL = "marisol.quintero@example.org"
PHONE = "+1 415 555 0177"


@tagged("post_install", "-at_install")
class TestSafeContact(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.env.company.country_id = cls.env.ref("base.us")
        cls.advocate = new_test_user(
            cls.env,
            login="reach_advocate",
            email="reach.advocate@example.org",
            groups="victim_safety_planning.group_safety_advocate,base.group_partner_manager",
        )
        cls.survivor = (
            cls.env["safety.survivor"]
            .with_user(cls.advocate)
            .create(
                {
                    "name": "Marisol Quintero",
                    "preferred_name": "Mari",
                    "email": EMAIL,
                    "phone": PHONE,
                    "country_id": cls.env.ref("base.us").id,
                    "is_safe_to_text": True,
                    "safe_contact_times": "After 6 pm",
                    "safe_contact_notes": "Say you are calling from the library.",
                }
            )
            .with_env(cls.env)
        )
        cls.plan = (
            cls.env["safety.plan"]
            .with_user(cls.advocate)
            .create({"survivor_id": cls.survivor.id})
            .with_env(cls.env)
        )
        # a contact holding the survivor's address, as the chatter creates one
        # when a suggested recipient is ticked
        cls.partner = cls.env["res.partner"].create({"name": "Marisol Q.", "email": EMAIL})

    @contextmanager
    def _refused(self, pattern):
        """A UserError matching ``pattern``, rolled back as the request's
        transaction would be (assertRaises' savepoint)."""
        with self.assertRaises(UserError) as caught:
            yield
        self.assertRegex(str(caught.exception), pattern)

    def _messages(self, record):
        return self.env["mail.message"].search_count(
            [("model", "=", record._name), ("res_id", "=", record.id)]
        )

    def _mails_to(self, email):
        return (
            self.env["mail.mail"]
            .search([])
            .filtered(
                lambda mail: email in (mail.email_to or "")
                or email in mail.recipient_ids.mapped("email")
            )
        )

    # the summary ------------------------------------------------------------------------
    def test_summary(self):
        self.assertEqual(self.survivor.safe_contact_summary, "Text only, after 6 pm")
        self.assertEqual(self.plan.safe_contact_summary, "Text only, after 6 pm")
        self.assertEqual(self.plan.safe_contact_notes, "Say you are calling from the library.")
        cases = [
            (
                {"is_safe_to_call": True, "safe_contact_times": "Weekdays"},
                "Call or text, no voicemail, weekdays",
            ),
            (
                {"is_safe_to_email": True, "is_safe_to_voicemail": True, "safe_contact_times": ""},
                "Call, text, email or voicemail",
            ),
            (
                {
                    "is_safe_to_call": False,
                    "is_safe_to_text": False,
                    "is_safe_to_email": False,
                    "is_safe_to_voicemail": False,
                    "safe_contact_times": "Mornings",
                },
                "No safe way to reach them is recorded: ask before contacting them",
            ),
        ]
        for values, summary in cases:
            self.survivor.write(values)
            self.assertEqual(self.survivor.safe_contact_summary, summary)
            self.assertEqual(self.plan.safe_contact_summary, summary)

    def test_activities_show_it(self):
        activity = self.plan.with_user(self.advocate).activity_schedule(
            "mail.mail_activity_data_todo", summary="Call back", user_id=self.advocate.id
        )
        activity = activity.with_user(self.advocate)
        self.assertEqual(activity.safety_contact_summary, "Text only, after 6 pm")
        data = activity.activity_format()["mail.activity"]
        self.assertEqual(data[0]["safety_contact_summary"], "Text only, after 6 pm")
        on_survivor = self.survivor.with_user(self.advocate).activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.advocate.id
        )
        self.assertEqual(
            on_survivor.with_user(self.advocate).safety_contact_summary, "Text only, after 6 pm"
        )
        elsewhere = self.partner.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.advocate.id
        )
        self.assertFalse(elsewhere.safety_contact_summary)

    # email -----------------------------------------------------------------------------
    def test_email_refused_unless_safe(self):
        plan = self.plan.with_user(self.advocate)
        before = self._messages(self.plan)
        with self._refused(r"Email is not a safe way to reach Mari.*Text only"):
            plan.message_post(body="Hello", partner_ids=self.partner.ids, message_type="comment")
        with self._refused("Email is not a safe way"):
            plan.message_post(body="Hello", outgoing_email_to=EMAIL, message_type="comment")
        with self._refused("Email is not a safe way"):
            self.survivor.with_user(self.advocate).message_post(
                body="Hello", partner_ids=self.partner.ids, message_type="comment"
            )
        self.assertEqual(self._messages(self.plan), before, "nothing was posted")
        self.assertFalse(self._mails_to(EMAIL))

    def test_email_composer_refused_unless_safe(self):
        Composer = self.env["mail.compose.message"].with_user(self.advocate)
        comment = Composer.with_context(
            default_model="safety.plan", default_res_ids=self.plan.ids
        ).create({"body": "Hello", "partner_ids": [(6, 0, self.partner.ids)]})
        with self._refused("Email is not a safe way"):
            comment.action_send_mail()
        mass = Composer.with_context(
            default_model="safety.survivor",
            default_res_ids=self.survivor.ids,
            default_composition_mode="mass_mail",
        ).create({"subject": "Hello", "body": "Hello"})
        with self._refused("Email is not a safe way"):
            mass.action_send_mail()
        template = self.env["mail.template"].create(
            {
                "name": "Reach the survivor",
                "model_id": self.env["ir.model"]._get_id("safety.survivor"),
                "subject": "Hello",
                "email_to": "{{ object.email }}",
                "body_html": "<p>Hello</p>",
            }
        )
        with self._refused("Email is not a safe way"):
            template.send_mail(self.survivor.id)
        self.assertFalse(self._mails_to(EMAIL))

    def test_email_sent_when_safe(self):
        self.survivor.is_safe_to_email = True
        stranger = self.env["res.partner"].create(
            {"name": "Stranger", "email": "stranger@example.org"}
        )
        self.plan.with_user(self.advocate).message_post(
            body=Markup("<p>Your appointment is at 10.</p>"),
            partner_ids=(self.partner | stranger).ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        message = self.plan.message_ids[0]
        self.assertEqual(message.partner_ids, self.partner, "the survivor only, nobody else")
        self.assertTrue(self._mails_to(EMAIL), "the survivor's own address, marked safe")
        self.assertFalse(self._mails_to("stranger@example.org"))
        # the linked contact's address in other apps is not the one marked safe
        self.survivor.partner_id = self.env["res.partner"].create(
            {"name": "Old contact", "email": "old.address@example.org"}
        )
        with self._refused("Only the email address"):
            self.plan.with_user(self.advocate).message_post(
                body="Hello", partner_ids=self.survivor.partner_id.ids, message_type="comment"
            )

    def test_chatter_post_refused_without_a_new_contact(self):
        self.authenticate("reach_advocate", "reach_advocate")
        other = "marisol.other@example.org"
        self.survivor.email = other
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/mail/message/post",
                data=json.dumps(
                    {
                        "jsonrpc": "2.0",
                        "method": "call",
                        "params": {
                            "thread_model": "safety.plan",
                            "thread_id": self.plan.id,
                            "post_data": {
                                "body": "Hello",
                                "message_type": "comment",
                                "partner_emails": [other],
                            },
                        },
                    }
                ),
                headers={"Content-Type": "application/json"},
            ).json()
        self.assertIn("Email is not a safe way", response["error"]["data"]["message"])
        self.assertFalse(
            self.env["res.partner"].with_context(active_test=False).search([("email", "=", other)]),
            "the refused post left no contact behind",
        )

    def test_suggested_recipients(self):
        suggested = self.survivor.with_user(self.advocate)._message_get_suggested_recipients()
        self.assertNotIn(EMAIL, [recipient["email"] for recipient in suggested])
        # not even when email is safe: choosing it would create a contact with
        # the survivor's address that every other app sees
        self.survivor.is_safe_to_email = True
        suggested = self.survivor.with_user(self.advocate)._message_get_suggested_recipients()
        self.assertNotIn(EMAIL, [recipient["email"] for recipient in suggested])

    # texts ------------------------------------------------------------------------------
    def test_text_refused_unless_safe(self):
        self.survivor.is_safe_to_text = False
        self.survivor.is_safe_to_call = True
        with self._refused(r"A text message is not a safe way.*Call only"):
            self.plan.with_user(self.advocate)._message_sms("Hello", sms_numbers=["(415) 555-0177"])
        with self._refused("A text message is not a safe way"):
            self.survivor.with_user(self.advocate)._message_sms("Hello", number_field="phone")
        self.survivor.is_safe_to_call = False
        with self._refused("No way to reach them is marked safe"):
            self.survivor._safety_check_reach("text", ["+14155550177"])
        # texting is marked safe: the same number passes the check
        self.survivor.is_safe_to_text = True
        self.survivor._safety_check_reach("text", ["+14155550177"])
        self.survivor._safety_check_reach("text", ["+1 415 555 0199"])
