from odoo.exceptions import AccessError, MissingError
from odoo.tests import tagged

from .common import SAFETY_MODELS, SafetyCommon


@tagged("post_install", "-at_install")
class TestAccess(SafetyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan.emergency_contact_ids = [
            (0, 0, {"name": "Neighbour", "phone": "+1 415 555 2671", "code_word": "blue"})
        ]
        cls.plan.location_ids = [(0, 0, {"name": "Library", "location_type": "community"})]
        cls.records = {
            "safety.survivor": cls.survivor,
            "safety.plan": cls.plan,
            "safety.plan.step": cls.plan.step_ids[:1],
            "safety.emergency.contact": cls.plan.emergency_contact_ids,
            "safety.location": cls.plan.location_ids,
            "safety.step.template": cls.env["safety.step.template"].search([], limit=1),
            "safety.access.log": cls.env["safety.access.log"]._log(cls.plan, "read"),
        }
        general = cls.env.ref("victim_safety_planning.safety_risk_template_general")
        assessment = cls.env["safety.risk.assessment"].create(
            {"plan_id": cls.plan.id, "template_id": general.id}
        )
        cls.records.update(
            {
                "safety.risk.template": general,
                "safety.risk.question": general.question_ids[:1],
                "safety.risk.threshold": general.threshold_ids[:1],
                "safety.risk.assessment": assessment,
                "safety.risk.answer": assessment.answer_ids[:1],
                "safety.card": cls.env["safety.card"].create({"plan_id": cls.plan.id}),
                "safety.card.scan": cls.env["safety.card.scan"].create({"client_hash": "x"}),
                "safety.review": cls.env["safety.review"].create({"plan_id": cls.plan.id}),
            }
        )
        order = cls.env["safety.protective.order"].create(
            {"plan_id": cls.plan.id, "issue_date": "2026-01-05", "case_number": "CV-1"}
        )
        cls.records.update(
            {
                "safety.protective.order": order,
                "safety.consent": cls.env["safety.consent"].create(
                    {
                        "plan_id": cls.plan.id,
                        "recipient_id": cls.env.ref("base.main_partner").id,
                        "purpose": "Housing",
                        "scope": "Name only",
                        "signed_date": "2026-01-05",
                        "expiry_date": "2026-07-05",
                    }
                ),
                "safety.respondent": cls.env["safety.respondent"].create(
                    {"plan_id": cls.plan.id, "name": "Person Causing Harm"}
                ),
                "safety.household.member": cls.env["safety.household.member"].create(
                    {"plan_id": cls.plan.id, "name": "Niño Protegido"}
                ),
                "safety.court.hearing": cls.env["safety.court.hearing"].create(
                    {"plan_id": cls.plan.id, "date": "2026-01-07 09:00:00"}
                ),
                "safety.leave.item": cls.env.ref("victim_safety_planning.safety_leave_item_keys"),
                "safety.incident": cls.env["safety.incident"].create(
                    {
                        "plan_id": cls.plan.id,
                        "date": "2026-01-06",
                        "kind": "order_violation",
                        "protective_order_id": order.id,
                    }
                ),
            }
        )
        shelter = cls.env["res.partner"].create(
            {"name": "Casa Segura", "is_company": True, "safety_resource_type": "shelter"}
        )
        service = cls.env["safety.resource.service"].create(
            {"name": "Emergency shelter", "partner_id": shelter.id}
        )
        cls.records.update(
            {
                "safety.resource.service": service,
                "safety.referral": cls.env["safety.referral"].create(
                    {"plan_id": cls.plan.id, "partner_id": shelter.id, "service_ids": service.ids}
                ),
            }
        )

        call = cls.env["safety.hotline.call"].create({"channel": "phone", "duration_minutes": 5})
        cls.records.update(
            {
                "safety.hotline.call": call,
                "safety.service": cls.env["safety.service"].create({"plan_id": cls.plan.id}),
                "safety.funder.code": cls.env.ref("victim_safety_planning.voca_service_c2"),
                "safety.funder.report": cls.env["safety.funder.report"].create(
                    {"fiscal_year": 2026, "quarter": "1"}
                ),
            }
        )

    def test_outsider_holds_other_apps_rights(self):
        self.assertTrue(self.outsider.has_group("sales_team.group_sale_manager"))
        self.assertTrue(self.outsider.has_group("base.group_user"))
        self.assertFalse(self.outsider.has_group("base.group_system"))
        self.assertFalse(self.outsider.has_group("victim_safety_planning.group_safety_advocate"))

    def test_outsider_has_no_access_right_on_any_safety_model(self):
        models = self.env["ir.model"].search([("model", "=like", "safety.%")])
        self.assertEqual(
            set(models.filtered(lambda m: not m.transient and not m.abstract).mapped("model")),
            set(SAFETY_MODELS),
            "a new safety model must be added to SAFETY_MODELS and tested here",
        )
        for model in SAFETY_MODELS:
            Model = self.env[model].with_user(self.outsider)
            for operation in ("read", "write", "create", "unlink"):
                with self.subTest(model=model, operation=operation):
                    self.assertFalse(Model.has_access(operation))
            with self.subTest(model=model), self.assertRaises(AccessError):
                Model.search([])
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.records[model].with_user(self.outsider).read(["display_name"])
        with self.assertRaises(AccessError):
            self.env["safety.plan"].with_user(self.outsider).create(
                {"survivor_id": self.survivor.id}
            )

    def test_sensitive_fields_hidden_from_outsider(self):
        partner_fields = self.env["res.partner"].with_user(self.outsider).fields_get()
        for name in ("safety_survivor_ids", "safety_survivor_count"):
            self.assertNotIn(name, partner_fields)
        self.assertFalse(
            {name for name in self.env["crm.lead"]._fields if "safety" in name},
            "nothing of Safety Planning is stored on a lead",
        )
        self.assertIn(
            "code_word",
            self.env["safety.emergency.contact"].with_user(self.advocate).fields_get(),
        )

    def test_outsider_cannot_open_survivor_actions(self):
        with self.assertRaises(AccessError):
            self.survivor.with_user(self.outsider).action_view_plans()
        contact = self.env["res.partner"].create({"name": "Plain Contact"})
        with self.assertRaises(AccessError):
            contact.with_user(self.outsider).action_create_safety_plan()
        with self.assertRaises(AccessError):
            contact.with_user(self.outsider).action_view_safety_survivors()

    def test_advocate_sees_own_and_team_plans_only(self):
        Plan = self.env["safety.plan"]
        self.assertIn(self.plan, Plan.with_user(self.advocate).search([]))
        self.assertNotIn(self.plan, Plan.with_user(self.advocate_other).search([]))
        # another team's plan answers as a plan that does not exist
        self.assertEqual(self.plan.with_user(self.advocate_other).read(["name"]), [])
        contacts = self.plan.emergency_contact_ids
        self.assertTrue(contacts)
        self.assertEqual(contacts.with_user(self.advocate_other).read(["name"]), [])
        with self.assertRaises(MissingError):
            self.plan.with_user(self.advocate_other).check_access("read")
        self.plan.team_member_ids = self.advocate_other
        self.assertIn(self.plan, Plan.with_user(self.advocate_other).search([]))
        self.assertTrue(self.plan.location_ids.with_user(self.advocate_other).read(["name"]))

    def test_supervisor_sees_every_plan_manager_deletes(self):
        self.assertIn(self.plan, self.env["safety.plan"].with_user(self.supervisor).search([]))
        with self.assertRaises(AccessError):
            self.plan.with_user(self.advocate).unlink()
        with self.assertRaises(AccessError):
            self.plan.with_user(self.supervisor).unlink()
        self.env["safety.step.template"].with_user(self.manager).create(
            {"name": "Manager-only step", "context": "home"}
        )
        with self.assertRaises(AccessError):
            self.env["safety.step.template"].with_user(self.advocate).create(
                {"name": "Nope", "context": "home"}
            )
        self.plan.with_user(self.manager).unlink()
        self.assertFalse(self.plan.exists())

    def test_other_company_plans_hidden(self):
        other = self.env["res.company"].create({"name": "Other Agency"})
        self.supervisor.write({"company_ids": [(4, other.id)]})
        survivor = self.env["safety.survivor"].create(
            {"name": "Other Co Survivor", "company_id": other.id}
        )
        foreign = self.env["safety.plan"].create(
            {"survivor_id": survivor.id, "company_id": other.id, "advocate_id": self.advocate.id}
        )
        self.assertNotIn(
            foreign,
            self.env["safety.plan"].with_user(self.advocate).search([]),
            "plans of a company the advocate doesn't belong to stay hidden",
        )
        self.assertIn(
            foreign,
            self.env["safety.plan"]
            .with_user(self.supervisor)
            .with_context(allowed_company_ids=[self.company.id, other.id])
            .search([]),
        )

    def test_every_plan_record_model_is_guarded(self):
        """Any model holding plan data (a plan_id) inherits the guard: new
        features can't forget it."""
        guarded = set(self.env["safety.confidential.mixin"]._safety_confidential_model_names())
        for model in self.env["ir.model"].search([("model", "=like", "safety.%")]):
            Model = self.env[model.model]
            if Model._abstract or Model._transient or "plan_id" not in Model._fields:
                continue
            if model.model == "safety.access.log":
                # points at plans by id, for supervisors only, and holds no
                # plan data (tests/test_access_log.py)
                continue
            with self.subTest(model=model.model):
                self.assertIn(model.model, guarded)

    def test_every_guarded_model_keeps_its_records_in(self):
        """For each model inheriting the confidentiality mixin: advocate,
        supervisor and company rules exist; an outsider and another team's
        advocate see its names masked; ``onchange`` naming another team's
        plan or survivor returns nothing."""
        groups = {
            "advocate": self.env.ref("victim_safety_planning.group_safety_advocate"),
            "supervisor": self.env.ref("victim_safety_planning.group_safety_supervisor"),
        }
        foreign = {"safety.plan": self.plan, "safety.survivor": self.survivor}
        for model_name in sorted(
            self.env["safety.confidential.mixin"]._safety_confidential_model_names()
        ):
            Model = self.env[model_name]
            if Model._abstract or Model._transient:
                continue
            with self.subTest(model=model_name):
                rules = self.env["ir.rule"].search([("model_id.model", "=", model_name)])
                for role, group in groups.items():
                    self.assertTrue(rules.filtered(lambda r, g=group: g in r.groups), role)
                self.assertTrue(
                    rules.filtered(lambda r: not r.groups and "company_ids" in r.domain_force),
                    "company rule",
                )
                # a new confidential model needs a record in setUpClass
                record = self.records[model_name]
                for user in (self.outsider, self.advocate_other):
                    self.assertEqual(record.with_user(user).sudo().display_name, "Confidential")
                for field in Model._fields.values():
                    target = foreign.get(field.comodel_name)
                    if field.type != "many2one" or not target or not field.store:
                        continue
                    with self.assertRaises(AccessError):
                        Model.with_user(self.advocate_other).onchange(
                            {field.name: target.id},
                            [field.name],
                            {field.name: {"fields": {"display_name": {}}}},
                        )
