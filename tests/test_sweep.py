import logging
import time

from markupsafe import Markup

from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import SafetyCommon

_logger = logging.getLogger(__name__)

NAME = "Ysolde Quarrington-Vásquez"
EMAIL = "ysolde.quarrington@example.org"
PHONE_DIGITS = "4155550177"
STREET = "88 Wisteria Hollow"
NEW_STREET = "14 Marigold Close"
KNOWN_NAME = "Tamsin Ordinary"


@tagged("post_install", "-at_install")
class TestSweep(TransactionCase):
    """Read everything an outsider may read, in every installed app, and look
    for the survivor: nothing. The same sweep run as the plan's advocate
    finds every string, so the sweep itself works."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.country_id = cls.env.ref("base.us")
        cls.advocate = mail_new_test_user(
            cls.env,
            login="sweep_advocate",
            name="Sweep Advocate",
            groups="victim_safety_planning.group_safety_advocate,"
            "sales_team.group_sale_salesman_all_leads",
        )
        cls.outsider = SafetyCommon._new_outsider(cls.env, login="sweep_outsider")
        # a referral that arrived in CRM, handled by the outsider's sales team
        lead = (
            cls.env["crm.lead"]
            .with_user(cls.outsider)
            .create(
                {
                    "name": f"Call back {NAME}",
                    "contact_name": NAME,
                    "email_from": EMAIL,
                    "phone": f"+1 {PHONE_DIGITS}",
                    "street": STREET,
                    "city": "Oakdale",
                    "description": f"<p>{NAME} asked about shelter space</p>",
                    "user_id": cls.outsider.id,
                }
            )
        )
        lead.message_post(body=Markup(f"<p>Left a message for {NAME}</p>"))
        action = (
            cls.env["safety.lead.refer.wizard"]
            .with_user(cls.advocate)
            .with_context(default_lead_id=lead.id)
            .create({"situation_type": "domestic_violence", "phone_owner": "survivor"})
            .action_refer()
        )
        cls.plan = cls.env["safety.plan"].browse(action["res_id"])
        cls.plan.with_user(cls.advocate).write(
            {
                "emergency_contact_ids": [
                    (0, 0, {"name": f"Sister of {NAME}", "phone": "+1 415 555 0122"})
                ],
                "notes": f"<p>{NAME} moved to {STREET}</p>",
            }
        )
        cls.plan.with_user(cls.advocate).message_post(body=Markup(f"<p>Met {NAME}</p>"))
        # a customer the other apps know, who is also a survivor
        contact = cls.env["res.partner"].create({"name": KNOWN_NAME, "city": "Elm"})
        cls.env["crm.lead"].create({"name": "Flowers", "partner_id": contact.id})
        action = contact.with_user(cls.advocate).action_create_safety_plan()
        survivor = cls.env["safety.survivor"].browse(action["context"]["default_survivor_id"])
        survivor.with_user(cls.advocate).street = NEW_STREET
        cls.known_plan = (
            cls.env["safety.plan"].with_user(cls.advocate).create({"survivor_id": survivor.id})
        )
        cls.needles = (
            NAME,
            EMAIL,
            PHONE_DIGITS,
            STREET,
            NEW_STREET,
            cls.plan.name,
            cls.known_plan.name,
        )
        cls.env.flush_all()

    def _sweep(self, user):
        """{needle: [where]} for every needle found in what ``user`` reads:
        search_read of every readable field of every model they may read,
        and the group-by labels of every stored many2one to a contact."""
        found = {needle: [] for needle in self.needles}
        unreadable = []
        started = time.time()
        for model_name in sorted(self.env.registry):
            Model = self.env[model_name].with_user(user).with_context(active_test=False)
            if Model._abstract or not Model._table or not Model.has_access("read"):
                continue
            field_names = [
                name
                for name, description in Model.fields_get(attributes=["type"]).items()
                if description["type"] != "binary"
            ]
            texts = []
            try:
                with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                    texts.append(str(Model.search_read([], field_names)))
            except Exception:
                for field_name in field_names:
                    try:
                        with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                            texts.append(str(Model.search_read([], [field_name])))
                    except Exception:
                        unreadable.append(f"{model_name}.{field_name}")
            for name, field in Model._fields.items():
                if (
                    field.type == "many2one"
                    and field.comodel_name == "res.partner"
                    and field.store
                    and name in field_names
                ):
                    try:
                        with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                            texts.append(str(Model.formatted_read_group([], [name], ["__count"])))
                    except Exception:
                        unreadable.append(f"{model_name}.{name} (group by)")
            text = "\n".join(texts).casefold()
            for needle in self.needles:
                if needle.casefold() in text:
                    found[needle].append(model_name)
        _logger.info(
            "sweep as %s: %.1f s, %d field(s) unreadable: %s",
            user.login,
            time.time() - started,
            len(unreadable),
            ", ".join(unreadable[:20]),
        )
        return found

    def test_outsider_finds_nothing_advocate_finds_everything(self):
        outsider_found = self._sweep(self.outsider)
        self.assertEqual({needle: where for needle, where in outsider_found.items() if where}, {})
        advocate_found = self._sweep(self.advocate)
        self.assertEqual(
            [needle for needle, where in advocate_found.items() if not where],
            [],
            "the sweep must find what the advocate may read",
        )
