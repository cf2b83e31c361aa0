import base64
import io

from PIL import Image

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from . import test_erasure
from .common import SafetyCommon

RESPONDENT = "Thaddeus Quarrington-Vale"
PLATE = "7QZX442"


def _png(color):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), color).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue())


@tagged("post_install", "-at_install")
class TestRespondent(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.advocate = new_test_user(
            cls.env, login="resp_advocate", groups="victim_safety_planning.group_safety_advocate"
        )
        cls.other_advocate = new_test_user(
            cls.env, login="resp_other", groups="victim_safety_planning.group_safety_advocate"
        )
        cls.manager = new_test_user(
            cls.env, login="resp_manager", groups="victim_safety_planning.group_safety_manager"
        )
        cls.outsider = SafetyCommon._new_outsider(cls.env, login="resp_outsider")
        survivor = cls.env["safety.survivor"].with_user(cls.advocate).create({"name": "Ines Vault"})
        cls.plan = (
            cls.env["safety.plan"]
            .with_user(cls.advocate)
            .create({"survivor_id": survivor.id})
            .with_env(cls.env)
        )
        cls.respondent = (
            cls.env["safety.respondent"]
            .with_user(cls.advocate)
            .create(
                {
                    "plan_id": cls.plan.id,
                    "name": RESPONDENT,
                    "aliases": "Tad",
                    "license_plate": PLATE,
                    "known_weapons": "Hunting rifle",
                    "image_1920": _png((200, 30, 30)),
                }
            )
            .with_env(cls.env)
        )
        other_survivor = (
            cls.env["safety.survivor"].with_user(cls.other_advocate).create({"name": "Other One"})
        )
        cls.other_plan = (
            cls.env["safety.plan"]
            .with_user(cls.other_advocate)
            .create({"survivor_id": other_survivor.id})
            .with_env(cls.env)
        )

    def _order_values(self, **values):
        return dict({"plan_id": self.plan.id, "issue_date": fields.Date.today()}, **values)

    def test_orders_pick_their_respondent_from_the_plan(self):
        self.assertEqual(self.plan.respondent_ids, self.respondent)
        Order = self.env["safety.protective.order"].with_user(self.advocate)
        order = Order.create(self._order_values(respondent_id=self.respondent.id))
        self.assertEqual(order.respondent_name, RESPONDENT, "no second typing")
        self.respondent.write(
            {"name": "Thaddeus Vale", "description": "Tall, red beard", "vehicle": "Grey van"}
        )
        self.assertEqual(order.respondent_name, "Thaddeus Vale")
        # the order card prints the person from the plan, not a second typing
        printed = order._card_restrained_person()
        self.assertEqual(printed["name"], "Thaddeus Vale")
        self.assertEqual(printed["description"], f"Tall, red beard\nVehicle: Grey van {PLATE}")
        # orders recorded before respondents were on the plan keep the typed name
        legacy = Order.create(
            self._order_values(respondent_name="Typed Before", respondent_description="Short")
        )
        self.assertEqual(legacy.respondent_name, "Typed Before")
        self.assertFalse(legacy.respondent_id)
        self.assertEqual(
            legacy._card_restrained_person(), {"name": "Typed Before", "description": "Short"}
        )
        with self.assertRaisesRegex(ValidationError, "same plan"):
            self.env["safety.protective.order"].create(
                {
                    "plan_id": self.other_plan.id,
                    "issue_date": fields.Date.today(),
                    "respondent_id": self.respondent.id,
                }
            )

    def test_members_of_the_plan_only(self):
        with self.assertRaises(AccessError):
            self.respondent.with_user(self.outsider).read(["name"])
        # another team: the answer of a record that does not exist
        self.assertEqual(self.respondent.with_user(self.other_advocate).read(["name"]), [])
        self.assertFalse(
            self.env["safety.respondent"].with_user(self.other_advocate).search([]),
            "another team sees none of them",
        )
        # another team can't point its order at them, nor learn a name by onchange
        Order = self.env["safety.protective.order"].with_user(self.other_advocate)
        with self.assertRaises(AccessError):
            Order.create(
                {
                    "plan_id": self.other_plan.id,
                    "issue_date": fields.Date.today(),
                    "respondent_id": self.respondent.id,
                }
            )
        with self.assertRaises(AccessError):
            Order.onchange(
                {"plan_id": self.other_plan.id, "respondent_id": self.respondent.id},
                ["respondent_id"],
                {"respondent_name": {}},
            )
        self.assertEqual(
            self.respondent.with_user(self.other_advocate).sudo().display_name,
            "Confidential",
            "a name computed on another team's behalf is masked",
        )

    def test_photo_only_for_members(self):
        url = "/web/image/safety.respondent/%s/image_128"
        missing = self.respondent.id + 100000
        self.authenticate("resp_advocate", "resp_advocate")
        own = self.url_open(url % self.respondent.id)
        self.assertEqual(own.status_code, 200)
        self.assertEqual(Image.open(io.BytesIO(own.content)).getpixel((5, 5))[:3], (200, 30, 30))
        for login in ("resp_other", "resp_outsider"):
            self.authenticate(login, login)
            with self.subTest(login=login), mute_logger("odoo.http"):
                answer = self.url_open(url % self.respondent.id)
                absent = self.url_open(url % missing)
                self.assertEqual(answer.status_code, absent.status_code)
                self.assertEqual(answer.content, absent.content, "the placeholder, as for no one")
                self.assertNotEqual(answer.content, own.content)

    def test_erasure_removes_them(self):
        self.env["safety.protective.order"].create(
            self._order_values(respondent_id=self.respondent.id)
        )
        self.env.flush_all()
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "safety.respondent"), ("res_field", "!=", False)]
        )
        self.assertTrue(attachments, "the photo is stored as an attachment")
        for needle in (RESPONDENT, PLATE):
            self.assertTrue(test_erasure.TestErasure._find_everywhere(self, needle), needle)
        self.env["safety.erase.wizard"].with_user(self.manager).create(
            {"survivor_id": self.plan.survivor_id.id, "confirmation": "ERASE"}
        ).action_erase()
        self.env.flush_all()
        self.assertFalse(self.respondent.exists())
        for needle in (RESPONDENT, PLATE):
            self.assertEqual(test_erasure.TestErasure._find_everywhere(self, needle), [], needle)
        self.env.cr.execute(
            "SELECT count(*) FROM ir_attachment WHERE res_model = 'safety.respondent'"
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0, "the photo goes too")
