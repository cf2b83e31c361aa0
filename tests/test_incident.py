from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import SafetyCommon

DESCRIPTION = "Waited outside the Marlowe Street bakery at 7am"


@tagged("post_install", "-at_install")
class TestIncident(SafetyCommon):
    def _incident(self, user=None, **vals):
        return (
            self.env["safety.incident"]
            .with_user(user or self.advocate)
            .create({"plan_id": self.plan.id, **vals})
        )

    def _order(self, plan=None):
        return self.env["safety.protective.order"].create(
            {
                "plan_id": (plan or self.plan).id,
                "order_type": "temporary",
                "case_number": "CV-2026-0412",
                "issue_date": date(2026, 4, 1),
            }
        )

    def _reassessments(self, plan=None):
        return self._plan_activities(
            plan or self.plan, "victim_safety_planning.mail_activity_type_safety_reassessment"
        )

    @freeze_time("2026-05-04")
    def test_logging_notes_the_plan_and_asks_for_reassessment(self):
        before = self.plan.message_ids
        incident = self._incident(kind="near_miss", description=DESCRIPTION)
        self.assertEqual(incident.date, date(2026, 5, 4))
        self.assertEqual(incident.reported_by_id, self.advocate)
        self.assertEqual(self.plan.incident_ids, incident)
        message = self.plan.message_ids - before
        self.assertEqual(len(message), 1)
        self.assertEqual(message.subtype_id, self.env.ref("mail.mt_note"))
        self.assertIn("Near miss", message.body)
        self.assertIn("05/04/2026", message.body)
        self.assertNotIn("Marlowe", message.body)
        activity = self._reassessments()
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.date_deadline, date(2026, 5, 4))
        self.assertEqual(activity.user_id, self.advocate)
        self.assertNotIn("Marlowe", str(activity.note))
        # a second incident notes itself too but asks for no second reassessment
        self._incident(kind="incident", description=DESCRIPTION)
        self.assertEqual(len(self.plan.message_ids - before), 2)
        self.assertEqual(self._reassessments(), activity)

    def test_confirmed_assessment_completes_the_reassessment(self):
        self._incident(kind="incident", description=DESCRIPTION)
        activity = self._reassessments()
        self.assertTrue(activity)
        general = self.env.ref("victim_safety_planning.safety_risk_template_general")
        assessment = (
            self.env["safety.risk.assessment"]
            .with_user(self.advocate)
            .create({"plan_id": self.plan.id, "template_id": general.id})
        )
        assessment.answer_ids.write({"answer": "no"})
        assessment.action_confirm()
        self.assertFalse(activity.active, "marked done by the assessment")
        self.assertFalse(self._reassessments())

    @freeze_time("2026-05-04")
    def test_open_reassessment_is_brought_forward(self):
        planned = self.plan.activity_schedule(
            "victim_safety_planning.mail_activity_type_safety_reassessment",
            date_deadline=date(2026, 5, 20),
            user_id=self.advocate.id,
        )
        self._incident()
        self.assertEqual(self._reassessments(), planned)
        self.assertEqual(planned.date_deadline, date(2026, 5, 4))
        # several incidents at once: still one activity per plan
        other_plan = self.env["safety.plan"].create(
            {"survivor_id": self.survivor.id, "advocate_id": self.advocate_other.id}
        )
        self.env["safety.incident"].create(
            [
                {"plan_id": self.plan.id},
                {"plan_id": other_plan.id},
                {"plan_id": other_plan.id, "kind": "near_miss"},
            ]
        )
        self.assertEqual(self._reassessments(), planned)
        self.assertEqual(self._reassessments(other_plan).user_id, self.advocate_other)

    @freeze_time("2026-05-04")
    def test_team_member_logs_for_the_advocate(self):
        self.plan.team_member_ids = self.advocate_other
        self._incident(user=self.advocate_other, kind="incident")
        activity = self._reassessments()
        self.assertEqual(activity.user_id, self.advocate, "the plan's advocate reassesses")
        self.assertEqual(activity.date_deadline, date(2026, 5, 4))
        # a supervisor logging an incident on a plan whose advocate left the
        # safety groups gets the reassessment (activities go to members only)
        activity.unlink()
        advocate_group = self.env.ref("victim_safety_planning.group_safety_advocate")
        self.advocate.group_ids = [Command.unlink(advocate_group.id)]
        self.assertFalse(self.advocate._is_safety_member())
        self._incident(user=self.supervisor, kind="incident")
        self.assertEqual(self._reassessments().user_id, self.supervisor)

    def test_violation_flags_the_order(self):
        order = self._order()
        self.assertFalse(order.has_violation)
        near_miss = self._incident(kind="near_miss", protective_order_id=order.id)
        self.assertEqual(order.violation_count, 0, "only violations count")
        violation = self._incident(kind="order_violation", protective_order_id=order.id)
        self.assertEqual(order.violation_count, 1)
        self.assertTrue(order.has_violation)
        self.assertEqual(order.incident_ids, near_miss | violation)
        self.assertEqual(
            self.env["safety.protective.order"].search(
                [("plan_id", "=", self.plan.id), ("has_violation", "=", True)]
            ),
            order,
        )
        message = self.plan.message_ids[:1]
        self.assertIn("Protective order violation", message.body)
        self.assertIn("CV-2026-0412", message.body, "the note names the violated order")
        violation.kind = "incident"
        self.assertEqual(order.violation_count, 0)
        self.assertFalse(order.has_violation)

    def test_bad_input(self):
        with self.assertRaisesRegex(ValidationError, "Protective Order"):
            self._incident(kind="order_violation")
        other_plan = self.env["safety.plan"].create(
            {"survivor_id": self.survivor.id, "advocate_id": self.advocate.id}
        )
        foreign = self._order(plan=other_plan)
        with self.assertRaisesRegex(ValidationError, "Protective Order.*another plan"):
            self._incident(kind="order_violation", protective_order_id=foreign.id)
        with self.assertRaisesRegex(ValidationError, "Protective Order.*another plan"):
            self._incident(kind="incident", protective_order_id=foreign.id)
        with freeze_time("2026-05-04"), self.assertRaisesRegex(ValidationError, "in the future"):
            self._incident(date=date(2026, 5, 5))
        incident = self._incident(kind="incident")
        with self.assertRaisesRegex(ValidationError, "Protective Order"):
            incident.kind = "order_violation"

    def test_display_name_masked_for_outsider(self):
        incident = self._incident(kind="near_miss", date=date(2026, 4, 30))
        self.assertEqual(incident.display_name, "Near miss of 04/30/2026")
        self.assertEqual(incident.with_user(self.outsider).sudo().display_name, "Confidential")

    def test_other_company_hidden(self):
        other = self.env["res.company"].create({"name": "Other Agency"})
        plan = self.env["safety.plan"].create(
            {
                "survivor_id": self.env["safety.survivor"]
                .create({"name": "Other Co Survivor", "company_id": other.id})
                .id,
                "company_id": other.id,
                "advocate_id": self.advocate.id,
            }
        )
        order = self._order(plan=plan)
        records = {
            "safety.protective.order": order,
            "safety.consent": self.env["safety.consent"].create(
                {
                    "plan_id": plan.id,
                    "recipient_id": self.env.ref("base.main_partner").id,
                    "purpose": "Housing",
                    "scope": "Name only",
                    "signed_date": date(2026, 4, 1),
                    "expiry_date": date(2026, 10, 1),
                }
            ),
            "safety.incident": self.env["safety.incident"].create(
                {"plan_id": plan.id, "kind": "order_violation", "protective_order_id": order.id}
            ),
        }
        for model, record in records.items():
            with self.subTest(model=model):
                self.assertEqual(record.company_id, other)
                self.assertNotIn(record, self.env[model].with_user(self.advocate).search([]))

    def test_access(self):
        incident = self._incident(description=DESCRIPTION)
        Outsider = self.env["safety.incident"].with_user(self.outsider)
        with self.assertRaises(AccessError):
            incident.with_user(self.outsider).read(["date"])
        with self.assertRaises(AccessError):
            Outsider.search([])
        with self.assertRaises(AccessError):
            Outsider.create({"plan_id": self.plan.id})
        with self.assertRaises(AccessError):
            Outsider.formatted_read_group([], ["date:month", "kind"], ["__count"])
        self.assertNotIn("description", Outsider.fields_get())
        # another team's advocate: the answer of an incident that does not exist
        self.assertEqual(incident.with_user(self.advocate_other).read(["date"]), [])
        with self.assertRaises(AccessError):
            self._incident(user=self.advocate_other)
        self.assertFalse(self.env["safety.incident"].with_user(self.advocate_other).search([]))
        # supervisors read and chart; advocates don't delete, managers do
        self.assertEqual(
            incident.with_user(self.supervisor).read(["description"])[0]["description"],
            DESCRIPTION,
        )
        groups = (
            self.env["safety.incident"]
            .with_user(self.supervisor)
            .formatted_read_group(
                [("plan_id", "=", self.plan.id)], ["date:month", "kind"], ["__count"]
            )
        )
        self.assertEqual([(g["kind"], g["__count"]) for g in groups], [("incident", 1)])
        with self.assertRaises(AccessError):
            incident.with_user(self.advocate).unlink()
        incident.with_user(self.manager).unlink()
        self.assertFalse(incident.exists())
