from datetime import timedelta
from unittest.mock import Mock

from markupsafe import Markup

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import SafetyCommon

NAME = "Zephyrine Quillfeather"
EMAIL = "zephyrine.quillfeather@example.org"
PHONE_DIGITS = "4155550199"
RESPONDENT = "Barnaby Thistlewick"
CASE_NUMBER = "RCV-DV-2026-88417"
INCIDENT_TEXT = "followed her from the Larkspur Lane laundromat"
NEEDLES = (NAME, EMAIL, PHONE_DIGITS, RESPONDENT, CASE_NUMBER, INCIDENT_TEXT)


@tagged("post_install", "-at_install")
class TestErasure(SafetyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.advocate.group_ids += cls.env.ref("sales_team.group_sale_salesman_all_leads")

    def _find_everywhere(self, needle):
        """Every (table, column) whose text holds ``needle``, searched with SQL
        over all text-like columns of the database."""
        cr = self.env.cr
        cr.execute(
            """
            SELECT c.table_name, c.column_name
              FROM information_schema.columns c
              JOIN information_schema.tables t
                ON t.table_name = c.table_name AND t.table_schema = c.table_schema
             WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
               AND c.data_type IN ('text', 'character varying', 'jsonb', 'character')
            """
        )
        hits = []
        for table, column in cr.fetchall():
            cr.execute(
                f'SELECT 1 FROM "{table}" WHERE "{column}"::text ILIKE %s LIMIT 1',
                [f"%{needle}%"],
            )
            if cr.fetchone():
                hits.append(f"{table}.{column}")
        return hits

    def _build_survivor(self):
        """A survivor referred from a CRM lead (so that the lead's messages
        moved onto the plan) with data on every kind of plan record."""
        lead = self.env["crm.lead"].create(
            {
                "name": f"Referral for {NAME}",
                "contact_name": NAME,
                "email_from": EMAIL,
                "phone": f"+1 {PHONE_DIGITS}",
                "street": "7 Lantern Row",
                "city": "Oakdale",
                "country_id": self.env.ref("base.us").id,
                "description": f"<p>Prefers calls after 6pm - {NAME}</p>",
            }
        )
        lead.message_post(body=Markup(f"<p>Spoke with {NAME}</p>"), message_type="comment")
        action = (
            self.env["safety.lead.refer.wizard"]
            .with_user(self.advocate)
            .with_context(default_lead_id=lead.id)
            .create(
                {
                    "advocate_id": self.advocate.id,
                    "situation_type": "stalking",
                    "phone_owner": "survivor",
                }
            )
            .action_refer()
        )
        plan = self.env["safety.plan"].with_user(self.advocate).browse(action["res_id"])
        survivor = plan.survivor_id
        plan.write(
            {
                "emergency_contact_ids": [
                    (0, 0, {"name": f"Sister of {NAME}", "phone": "+1 415 555 2671"})
                ],
                "location_ids": [
                    (0, 0, {"name": f"{NAME}'s aunt", "location_type": "friend_family"})
                ],
                "notes": f"<p>{NAME} changed jobs</p>",
            }
        )
        order = (
            self.env["safety.protective.order"]
            .with_user(self.advocate)
            .create(
                {
                    "plan_id": plan.id,
                    "issue_date": fields.Date.today() - timedelta(days=10),
                    "case_number": CASE_NUMBER,
                    "respondent_name": RESPONDENT,
                    "conditions": f"Stay away from {NAME}",
                }
            )
        )
        self.env["safety.consent"].with_user(self.advocate).create(
            {
                "plan_id": plan.id,
                "recipient_id": self.env.ref("base.main_partner").id,
                "purpose": f"Housing for {NAME}",
                "scope": f"Address of {NAME}",
                "expiry_date": fields.Date.today() + timedelta(days=90),
            }
        )
        # the violation's note on the plan names the order, with its case number
        self.env["safety.incident"].with_user(self.advocate).create(
            {
                "plan_id": plan.id,
                "kind": "order_violation",
                "protective_order_id": order.id,
                "description": f"{RESPONDENT} {INCIDENT_TEXT}",
            }
        )
        plan.message_post(body=Markup(f"<p>Called {NAME} at {EMAIL}</p>"), message_type="comment")
        plan.activity_schedule(
            "mail.mail_activity_data_todo", summary=f"Call {NAME}", user_id=self.advocate.id
        )
        self.env["ir.attachment"].create(
            {
                "name": f"{NAME} statement.txt",
                "res_model": "safety.plan",
                "res_id": plan.id,
                "raw": f"statement of {NAME}".encode(),
            }
        )
        survivor.with_user(self.advocate).message_post(body=Markup(f"<p>Note about {NAME}</p>"))
        start = fields.Datetime.now() + timedelta(days=2)
        self.env["calendar.event"].with_user(self.advocate).create(
            {
                "name": f"Meeting {NAME}",
                "start": start,
                "stop": start + timedelta(hours=1),
                "res_model_id": self.env["ir.model"]._get_id("safety.plan"),
                "res_id": plan.id,
                "partner_ids": [(6, 0, [self.advocate.partner_id.id])],
            }
        )
        self.env.flush_all()
        return survivor, plan, lead

    def test_erasure_leaves_no_trace(self):
        survivor, plan, lead = self._build_survivor()
        for needle in NEEDLES:
            self.assertTrue(self._find_everywhere(needle), f"set-up wrote {needle}")
        plan_data = [plan.protective_order_ids, plan.consent_ids, plan.incident_ids]
        self.assertTrue(all(plan_data))
        wizard = (
            self.env["safety.erase.wizard"]
            .with_user(self.manager)
            .create({"survivor_id": survivor.id})
        )
        self.assertEqual(wizard.plan_count, 1)
        with self.assertRaisesRegex(UserError, "ERASE"):
            wizard.action_erase()
        wizard.confirmation = "ERASE"
        wizard.action_erase()
        self.env.flush_all()
        for needle in NEEDLES:
            self.assertEqual(self._find_everywhere(needle), [], needle)
        self.assertFalse(plan.exists())
        self.assertFalse(any(records.exists() for records in plan_data))
        self.assertFalse(survivor.exists())
        log = self.env["safety.access.log"].search([("action", "=", "erase")])
        self.assertEqual(len(log), 1)
        self.assertEqual(
            (log.model, log.res_id, log.user_id), ("safety.survivor", survivor.id, self.manager)
        )

    def test_only_managers_erase(self):
        survivor, _plan, _lead = self._build_survivor()
        for user in (self.advocate, self.supervisor, self.outsider):
            with self.assertRaises(AccessError):
                self.env["safety.erase.wizard"].with_user(user).create(
                    {"survivor_id": survivor.id, "confirmation": "ERASE"}
                ).action_erase()

    def test_erasure_is_one_transaction(self):
        survivor, plan, _lead = self._build_survivor()
        wizard = (
            self.env["safety.erase.wizard"]
            .with_user(self.manager)
            .create({"survivor_id": survivor.id, "confirmation": "ERASE"})
        )
        self.patch(
            type(self.env["safety.survivor"]), "unlink", Mock(side_effect=UserError("Simulated"))
        )
        # the request's transaction, rolled back by Odoo when the call raises
        request = self.env.cr.savepoint(flush=True)
        self.assertRaisesInTransaction(UserError, wizard.action_erase, "Simulated")
        # the erasure got far before failing: its line and deletions are there...
        self.assertFalse(plan.exists())
        self.assertTrue(self.env["safety.access.log"].search([("action", "=", "erase")]))
        request.close(rollback=True)
        self.env.invalidate_all()
        # ...and all of it was in that one transaction: nothing written beside it
        self.assertTrue(plan.exists(), "a failed erasure leaves everything in place")
        self.assertTrue(plan.message_ids)
        self.assertFalse(self.env["safety.access.log"].search([("action", "=", "erase")]))
        self.assertEqual(survivor.name, NAME)
