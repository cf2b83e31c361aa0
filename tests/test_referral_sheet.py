import base64
import re
import subprocess
import tempfile
import unicodedata
from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import SafetyCommon, json_call

REPORT = "victim_safety_planning.report_safety_referral"
NAME = "Zoë Ñúñez-Ørsted"
STREET = "17 Calle del Ñandú"
BIRTHDATE = date(1991, 3, 14)


@tagged("post_install", "-at_install")
class TestReferralSheet(HttpCase):
    """The referral sheet as the organisation receives it: in its language,
    with only what the release allows, e-mailed through the channel the
    release allows; and nothing of it for anyone outside the plan."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.env.company.country_id = cls.env.ref("base.us")
        cls.env["res.lang"]._activate_lang("fr_FR")
        advocate_group = "victim_safety_planning.group_safety_advocate"
        cls.advocate = new_test_user(
            cls.env,
            login="sheet_advocate",
            name="Ada Sheet",
            email="ada.sheet@example.org",
            groups=advocate_group,
        )
        cls.other_advocate = new_test_user(cls.env, login="sheet_other", groups=advocate_group)
        cls.outsider = SafetyCommon._new_outsider(cls.env, login="sheet_outsider")
        new_test_user(cls.env, login="sheet_portal", groups="base.group_portal")
        other_company = cls.env["res.company"].create({"name": "Northside Agency"})
        new_test_user(
            cls.env,
            login="sheet_north",
            company_id=other_company.id,
            company_ids=[(6, 0, other_company.ids)],
            groups="victim_safety_planning.group_safety_supervisor",
        )
        cls.survivor = (
            cls.env["safety.survivor"]
            .with_user(cls.advocate)
            .create(
                {
                    "name": NAME,
                    "preferred_name": "Zoë",
                    "pronouns": "elle",
                    "phone": "+1 415 555 0183",
                    "email": "zoe.n@example.org",
                    "street": STREET,
                    "city": "Riverside",
                    "country_id": cls.env.ref("base.us").id,
                    "birthdate": BIRTHDATE,
                    "is_safe_to_text": True,
                    "safe_contact_times": "après 18 h",
                    "safe_contact_notes": "Dire que c'est la pharmacie",
                }
            )
            .with_env(cls.env)
        )
        cls.plan = (
            cls.env["safety.plan"]
            .with_user(cls.advocate)
            .create({"survivor_id": cls.survivor.id, "situation_type": "stalking"})
            .with_env(cls.env)
        )
        cls.shelter = cls.env["res.partner"].create(
            {
                "name": "Maison d'Hélène \u2013 Hébergement",
                "is_company": True,
                "safety_resource_type": "shelter",
                "lang": "fr_FR",
                "email": "contact@maisonhelene.example.org",
            }
        )
        cls.service = cls.env["safety.resource.service"].create(
            {"name": "Hébergement d'urgence \u2013 夜间", "partner_id": cls.shelter.id}
        )
        today = fields.Date.context_today(cls.env["safety.referral"].with_user(cls.advocate))
        cls.consent = cls.env["safety.consent"].create(
            {
                "plan_id": cls.plan.id,
                "recipient_id": cls.shelter.id,
                "purpose": "Demande d'hébergement",
                "scope": "Nom, téléphone, situation",
                "signed_date": today - timedelta(days=2),
                "expiry_date": today + timedelta(days=30),
                "is_contact_shared": True,
                "is_situation_shared": True,
                "is_email_allowed": True,
                "share_email": "accueil@maisonhelene.example.org",
                "is_signed_on_paper": True,
            }
        )
        cls.referral = (
            cls.env["safety.referral"]
            .with_user(cls.advocate)
            .create(
                {
                    "plan_id": cls.plan.id,
                    "partner_id": cls.shelter.id,
                    "service_ids": cls.service.ids,
                    "consent_id": cls.consent.id,
                    "reason": "Besoin d'un lit cette semaine",
                }
            )
            .with_env(cls.env)
        )

    # helpers -------------------------------------------------------------------
    def _render(self, referral=None, user=None):
        report = (
            self.env["ir.actions.report"]
            .with_user(user or self.advocate)
            .with_context(force_report_rendering=True)
        )
        pdf, report_type = report._render_qweb_pdf(REPORT, (referral or self.referral).ids)
        self.assertEqual(report_type, "pdf")
        return pdf

    def _text(self, pdf):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            text = subprocess.run(
                ["pdftotext", "-enc", "UTF-8", handle.name, "-"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        text = unicodedata.normalize("NFKC", text)
        return re.sub("[\u202a-\u202e\u2066-\u2069]", "", text)

    def _logs(self, action):
        return self.env["safety.access.log"].search(
            [
                ("model", "=", "safety.referral"),
                ("res_id", "=", self.referral.id),
                ("action", "=", action),
            ]
        )

    def _call(self, model, method, args, kwargs=None):
        return json_call(self, model, method, args, kwargs, muted=["odoo.http"])

    # the sheet --------------------------------------------------------------------
    def test_sheet_carries_only_what_the_release_allows(self):
        text = self._text(self._render())
        flat = " ".join(text.split())
        self.assertIn(NAME, flat, "accents intact")
        self.assertIn("(Zoë)", flat)
        self.assertIn("Maison d'Hélène \u2013 Hébergement", flat)
        self.assertIn("Hébergement d'urgence \u2013 夜间", flat, "Chinese prints too")
        self.assertIn("(415) 555-0183", flat, "contact details are in the scope")
        self.assertIn("Dire que c'est la pharmacie", flat)
        self.assertIn("Besoin d'un lit cette semaine", flat, "the situation is in the scope")
        self.assertIn("Ada Sheet", flat)
        self.assertNotIn(STREET, flat, "the address is not in the scope")
        self.assertNotIn("Ñandú", flat)
        self.assertNotIn("1991", flat, "nor the date of birth")
        # the organisation's language: French dates
        signed = self.consent.signed_date
        self.assertIn(signed.strftime("%d/%m/%Y"), flat)
        self.assertEqual(len(self._logs("print")), 1, "the print is in the access history")

    def test_scope_widened_and_acp_address(self):
        self.consent.write({"is_address_shared": True, "is_birthdate_shared": True})
        flat = " ".join(self._text(self._render()).split())
        self.assertIn(STREET, flat)
        self.assertIn(BIRTHDATE.strftime("%d/%m/%Y"), flat)
        program = self.env["res.partner"].create(
            {
                "name": "Safe at Home",
                "is_company": True,
                "street": "PO Box 1198",
                "city": "Sacramento",
            }
        )
        self.survivor.with_user(self.advocate).write(
            {"is_acp_enrolled": True, "acp_program_id": program.id}
        )
        flat = " ".join(self._text(self._render()).split())
        self.assertIn("PO Box 1198", flat, "the program's substitute address")
        self.assertNotIn(STREET, flat, "never the enrolled survivor's own")

    def test_no_sheet_without_release(self):
        self.consent.with_user(self.advocate).action_revoke()
        with self.assertRaisesRegex(UserError, "no active signed release"):
            self._render()
        self.assertFalse(self._logs("print"))

    # e-mail -----------------------------------------------------------------------
    def test_email_through_the_channel_the_release_allows(self):
        action = self.referral.with_user(self.advocate).action_send_by_email()
        Wizard = self.env[action["res_model"]].with_user(self.advocate)
        wizard = Wizard.with_context(**action["context"]).create({})
        self.assertEqual(wizard.email_to, "accueil@maisonhelene.example.org")
        self.assertEqual(wizard.lang, "French / Français")
        self.assertIn("Maison d'Hélène", wizard.body)
        self.assertNotIn("Zoë", wizard.body + wizard.subject, "the message names nobody")
        first = self.env["mail.mail"].search([], order="id desc", limit=1).id
        wizard.with_context(force_report_rendering=True).action_send()
        self.assertEqual(self.referral.state, "sent", "e-mailing a draft sends it")
        mail = self.env["mail.mail"].search([("id", ">", first)])
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.email_to, "accueil@maisonhelene.example.org")
        self.assertFalse(mail.recipient_ids, "no partner is notified")
        self.assertFalse(mail.model, "the mail belongs to no record")
        self.assertNotIn("Zoë", mail.body_html)
        attachment = self.referral.sheet_attachment_id
        self.assertEqual(mail.attachment_ids, attachment)
        self.assertEqual(
            (attachment.res_model, attachment.res_id), ("safety.referral", self.referral.id)
        )
        self.assertIn(NAME, self._text(base64.b64decode(attachment.datas)))
        self.assertEqual(len(self._logs("send")), 1, "the send is in the access history")
        self.assertIn(
            "e-mailed to accueil@maisonhelene.example.org", self.plan.message_ids[:1].body
        )
        self.assertFalse(
            self.env["mail.followers"].search([("partner_id", "=", self.shelter.id)]),
            "the organisation follows nothing",
        )
        # the outsider can't reach the sheet by its attachment
        self.authenticate("sheet_outsider", "sheet_outsider")
        with mute_logger("odoo.http"):
            content = self.url_open(f"/web/content/{attachment.id}")
        self.assertIn(content.status_code, (403, 404))

    def test_email_refused_outside_the_channel(self):
        self.consent.is_email_allowed = False
        with self.assertRaisesRegex(UserError, "does not allow e-mail"):
            self.referral.with_user(self.advocate).action_send_by_email()
        with self.assertRaisesRegex(UserError, "does not allow e-mail"):
            self.env["safety.referral.send.wizard"].with_user(self.advocate).with_context(
                default_referral_id=self.referral.id
            ).create({})
        self.consent.is_email_allowed = True
        with self.assertRaisesRegex(UserError, "only: accueil@maisonhelene"):
            self.referral.with_user(self.advocate)._safety_send_sheet(
                "someone.else@example.org", "Referral", "<p>Hello</p>"
            )
        self.assertEqual(self.referral.state, "draft")
        self.assertFalse(self._logs("send"))

    # others -----------------------------------------------------------------------
    def test_others_cannot_render_or_send(self):
        # core's refusal for a non-member, a missing record for another team
        for user, refusal in ((self.outsider, AccessError), (self.other_advocate, MissingError)):
            with self.subTest(user=user.login), self.assertRaises(refusal):
                self._render(user=user)
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["safety.referral.send.wizard"].with_user(user).create(
                    {"referral_id": self.referral.id, "subject": "x", "body": "<p>x</p>"}
                )
        self.assertFalse(self._logs("print"))

    def test_json_rpc_gives_others_nothing(self):
        referral_id = self.referral.id
        calls = [
            ("safety.referral", "read", [[referral_id], ["reason", "display_name"]], {}),
            ("safety.referral", "web_read", [[referral_id]], {"specification": {"reason": {}}}),
            ("safety.referral", "search_read", [[], ["reason", "partner_id"]], {}),
            (
                "safety.referral",
                "web_search_read",
                [],
                {"domain": [], "specification": {"display_name": {}, "reason": {}}},
            ),
            ("safety.referral", "name_search", [], {"name": "Maison"}),
            (
                "safety.referral",
                "formatted_read_group",
                [],
                {"domain": [], "groupby": ["partner_id"], "aggregates": ["__count"]},
            ),
            (
                "safety.referral",
                "onchange",
                [[referral_id], {}, [], {"display_name": {}, "reason": {}}],
                {},
            ),
            (
                "safety.referral.send.wizard",
                "onchange",
                [
                    [],
                    {"referral_id": referral_id},
                    ["referral_id"],
                    {"referral_id": {"fields": {"display_name": {}}}, "email_to": {}, "body": {}},
                ],
                {},
            ),
            (
                "safety.referral.send.wizard",
                "default_get",
                [["subject", "body"]],
                {"context": {"default_referral_id": referral_id}},
            ),
            ("safety.directory.wizard", "create", [{"mode": "export"}], {}),
        ]
        for login in ("sheet_outsider", "sheet_portal", "sheet_other", "sheet_north"):
            self.authenticate(login, login)
            for model, method, args, kwargs in calls:
                with self.subTest(login=login, model=model, method=method):
                    answer = self._call(model, method, args, kwargs)
                    text = str(answer)
                    for secret in ("Zoë", "Besoin", "accueil@", "Maison"):
                        self.assertNotIn(secret, text)
                    if method not in (
                        "web_search_read",
                        "search_read",
                        "formatted_read_group",
                        "name_search",
                        "web_read",
                    ):
                        # an error, or the answer of a record that does not exist
                        self.assertTrue("error" in answer or answer.get("result") == [], answer)
            with mute_logger("odoo.http"):
                response = self.url_open(f"/report/pdf/{REPORT}/{referral_id}")
            with self.subTest(login=login, route="report"):
                self.assertNotEqual(response.headers.get("Content-Type"), "application/pdf")
                self.assertNotIn("Zoë".encode(), response.content)
        # an anonymous visitor
        self.authenticate(None, None)
        answer = self._call("safety.referral", "search_read", [[], ["reason"]])
        self.assertIn("error", answer)
        self.assertFalse(self._logs("print"))
        # the plan's advocate reads it over the same route
        self.authenticate("sheet_advocate", "sheet_advocate")
        answer = self._call(
            "safety.referral", "web_read", [[referral_id]], {"specification": {"reason": {}}}
        )
        self.assertEqual(answer["result"][0]["reason"], "Besoin d'un lit cette semaine")
