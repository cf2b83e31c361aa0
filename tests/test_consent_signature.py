import base64
import io
import os
import subprocess
import tempfile
from datetime import timedelta
from pathlib import Path

from PIL import Image, ImageDraw

from odoo import fields
from odoo.exceptions import MissingError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .card_pdf import normalize
from .common import SafetyCommon

REPORT = "victim_safety_planning.action_report_safety_consent"


def _signature_png():
    image = Image.new("RGB", (300, 100), "white")
    ImageDraw.Draw(image).line([(10, 80), (90, 20), (160, 70), (290, 30)], fill="black", width=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue())


@tagged("post_install", "-at_install")
class TestConsentSignature(HttpCase):
    """A release is the survivor's signed consent: signed on screen or on
    the printed release; until then it awaits its signature and lets no
    referral go."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.env.company.country_id = cls.env.ref("base.us")
        group = "victim_safety_planning.group_safety_advocate"
        cls.advocate = new_test_user(cls.env, login="sig_advocate", groups=group)
        cls.other_advocate = new_test_user(cls.env, login="sig_other", groups=group)
        SafetyCommon._new_outsider(cls.env, login="sig_outsider")
        for lang in ("es_419", "ar_001"):
            cls.env["res.lang"]._activate_lang(lang)
        cls.survivor = (
            cls.env["safety.survivor"]
            .with_user(cls.advocate)
            .create({"name": "Alejandra Núñez", "lang": "es_419"})
        )
        cls.plan = (
            cls.env["safety.plan"]
            .with_user(cls.advocate)
            .create({"survivor_id": cls.survivor.id})
            .with_env(cls.env)
        )
        cls.recipient = cls.env["res.partner"].create(
            {"name": "مأوى الأمان", "is_company": True, "safety_resource_type": "shelter"}
        )

    def _consent(self, **values):
        today = fields.Date.context_today(self.env["safety.consent"].with_user(self.advocate))
        return (
            self.env["safety.consent"]
            .with_user(self.advocate)
            .create(
                {
                    "plan_id": self.plan.id,
                    "recipient_id": self.recipient.id,
                    "purpose": "Solicitud de albergue",
                    "scope": "Nombre y teléfono seguro; nada sobre el agresor.",
                    "signed_date": today,
                    "expiry_date": today + timedelta(days=90),
                    **values,
                }
            )
        )

    def _pdf_text(self, consent, user=None):
        report = (
            self.env["ir.actions.report"]
            .with_user(user or self.advocate)
            .with_context(force_report_rendering=True)
        )
        pdf, _type = report._render_qweb_pdf(REPORT, consent.ids)
        # VSP_CARD_RENDERS=<folder> keeps the releases there to look at, as the card tests do
        keep = os.environ.get("VSP_CARD_RENDERS")
        if keep:
            lang = consent.plan_id.survivor_id.lang
            Path(keep, f"release_{consent.id}_{lang}.pdf").write_bytes(pdf)
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            text = subprocess.run(
                ["pdftotext", "-enc", "UTF-8", handle.name, "-"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            images = subprocess.run(
                ["pdfimages", "-list", handle.name], capture_output=True, text=True, check=True
            ).stdout
        return normalize(text), len(images.strip().splitlines()) - 2

    def test_awaiting_signature_gates_nothing(self):
        consent = self._consent()
        self.assertFalse(consent.is_signed)
        self.assertEqual(consent.state, "awaiting")
        self.assertFalse(consent._safety_allows_referral_to(self.recipient))
        Consent = self.env["safety.consent"].with_user(self.advocate)
        self.assertEqual(Consent.search([("state", "=", "awaiting")]), consent)
        self.assertFalse(Consent.search([("state", "in", ["active", "expiring"])]))
        # nothing leaves on an unsigned release
        referral = (
            self.env["safety.referral"]
            .with_user(self.advocate)
            .create(
                {"plan_id": self.plan.id, "partner_id": self.recipient.id, "consent_id": consent.id}
            )
        )
        with self.assertRaisesRegex(UserError, "no active signed release"):
            referral.action_send()
        consent.with_user(self.advocate).action_sign_on_paper()
        referral.action_send()
        self.assertEqual(referral.state, "sent")

    def test_an_awaiting_release_can_be_withdrawn(self):
        consent = self._consent()
        consent.with_user(self.advocate).action_revoke()
        self.assertEqual(consent.state, "revoked")
        with self.assertRaises(UserError):
            consent.with_user(self.advocate).action_sign_on_paper()
        self.assertFalse(consent._safety_allows_referral_to(self.recipient))

    def test_signed_on_screen(self):
        consent = self._consent(signed_by="Alejandra Núñez")
        before = self.plan.message_ids
        consent.with_user(self.advocate).write({"signature": _signature_png()})
        self.assertTrue(consent.is_signed)
        self.assertEqual(consent.state, "active")
        self.assertTrue(consent._safety_allows_referral_to(self.recipient))
        message = self.plan.message_ids - before
        self.assertIn("signed on screen", message.body)
        self.assertNotIn("albergue", message.body)
        # what was signed stays as signed
        for values in ({"purpose": "Otra cosa"}, {"signature": False}, {"is_address_shared": True}):
            with self.subTest(values=values), self.assertRaisesRegex(UserError, "is signed"):
                consent.with_user(self.advocate).write(values)
        text, images = self._pdf_text(consent)
        self.assertIn("Alejandra Núñez", text)
        self.assertGreaterEqual(images, 1, "the signature is printed")

    def test_signed_on_paper(self):
        consent = self._consent()
        consent.with_user(self.advocate).action_sign_on_paper()
        self.assertTrue(consent.is_signed_on_paper)
        self.assertEqual(consent.state, "active")
        self.assertTrue(any("on paper" in body for body in self.plan.message_ids.mapped("body")))
        # another team's release: the answer of a record that does not exist
        with self.assertRaises(MissingError):
            self._consent().with_user(self.other_advocate).action_sign_on_paper()

    def test_printable_release_in_the_survivor_s_language(self):
        consent = self._consent(is_contact_shared=True)
        text, images = self._pdf_text(consent)
        self.assertEqual(images, 0, "a blank line to sign on, no image")
        expiry = consent.expiry_date
        for expected in (
            "Alejandra Núñez",
            "مأوى الأمان",
            "Solicitud de albergue",
            "Nombre y teléfono seguro; nada sobre el agresor.",
            expiry.strftime("%d/%m/%Y"),  # the survivor's date format (es_419)
            # the survivor's rights, in Spanish (es.po translates the release)
            "Puede retirarla en cualquier momento",
        ):
            self.assertIn(expected, text)
        log = self.env["safety.access.log"].search(
            [
                ("model", "=", "safety.consent"),
                ("res_id", "=", consent.id),
                ("action", "=", "print"),
            ]
        )
        self.assertEqual(log.user_id, self.advocate)
        # an Arabic-speaking survivor's release prints right to left
        self.survivor.with_user(self.advocate).lang = "ar_001"
        self.assertEqual(consent._safety_release_direction(), "rtl")
        text, _images = self._pdf_text(consent)
        self.assertIn("مأوى الأمان", text)
        # another team's advocate can't print it: to them it does not exist.
        # Their print is a request of its own: nothing the advocate's prints
        # left in this transaction's cache (shared by every user) is read
        self.env.invalidate_all()
        with self.assertRaises(MissingError), mute_logger("odoo.http"):
            self._pdf_text(consent, user=self.other_advocate)

    def test_signature_image_for_members_only(self):
        consent = self._consent()
        consent.with_user(self.advocate).write({"signature": _signature_png()})
        url = f"/web/image/safety.consent/{consent.id}/signature"
        missing = f"/web/image/safety.consent/{consent.id + 100000}/signature"
        for login in ("sig_outsider", "sig_other"):
            self.authenticate(login, login)
            with mute_logger("odoo.http", "werkzeug"):
                existing, absent = self.url_open(url), self.url_open(missing)
            with self.subTest(login=login):
                self.assertEqual(existing.status_code, absent.status_code)
                self.assertEqual(existing.content, absent.content)
        self.authenticate("sig_advocate", "sig_advocate")
        self.assertEqual(self.url_open(url).headers.get("Content-Type"), "image/png")
