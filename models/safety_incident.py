from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.misc import format_date

INCIDENT_KINDS = [
    ("incident", "Incident"),
    ("near_miss", "Near miss"),
    ("order_violation", "Protective order violation"),
]


class SafetyIncident(models.Model):
    """Something that happened to the survivor, or nearly did. Logging one
    tells the plan's chatter and asks the advocate to reassess the risk."""

    _name = "safety.incident"
    _description = "Safety Incident"
    _inherit = ["safety.plan.child.mixin"]
    _order = "date desc, id desc"

    date = fields.Date(required=True, default=fields.Date.context_today)
    kind = fields.Selection(INCIDENT_KINDS, required=True, default="incident")
    description = fields.Text(groups="victim_safety_planning.group_safety_advocate")
    police_report_ref = fields.Char(
        string="Police Report", help="Reference of the police report, if one was made."
    )
    protective_order_id = fields.Many2one(
        "safety.protective.order",
        index="btree_not_null",
        ondelete="set null",
        domain="[('plan_id', '=', plan_id)]",
        help="The order that was violated.",
    )
    reported_by_id = fields.Many2one(
        "res.users",
        default=lambda self: self.env.user,
        domain=lambda self: self.env["res.users"]._safety_members_domain(),
    )

    @api.constrains("date")
    def _check_date(self):
        today = fields.Date.context_today(self)
        for incident in self:
            if incident.date > today:
                raise ValidationError(
                    self.env._(
                        "The date %(date)s is in the future: log an incident once it has "
                        "happened, with the day it happened.",
                        date=incident.date,
                    )
                )

    @api.constrains("kind", "protective_order_id", "plan_id")
    def _check_protective_order(self):
        for incident in self:
            if incident.kind == "order_violation" and not incident.protective_order_id:
                raise ValidationError(
                    self.env._(
                        "Choose the violated order in “Protective Order”: a protective order "
                        "violation is recorded against an order of the plan. Add the order "
                        "to the plan first if it is missing."
                    )
                )
            order = incident.protective_order_id
            if order and order.plan_id != incident.plan_id:
                raise ValidationError(
                    self.env._(
                        "The “Protective Order” %(order)s belongs to another plan: choose "
                        "one of plan %(plan)s's orders.",
                        order=order.display_name,
                        plan=incident.plan_id.display_name,
                    )
                )

    @api.depends("kind", "date")
    def _compute_display_name(self):
        # the names come from _safety_display_name; the mixin masks them
        return super()._compute_display_name()

    def _safety_display_name(self):
        self.ensure_one()
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        return self.env._(
            "%(kind)s of %(date)s",
            kind=kinds.get(self.kind) or self.env._("Incident"),
            date=format_date(self.env, self.date),
        )

    @api.model_create_multi
    def create(self, vals_list):
        incidents = super().create(vals_list)
        incidents._post_on_plan()
        incidents._schedule_reassessment()
        return incidents

    def _post_on_plan(self):
        """A note on the plan's chatter: what and when, never the description."""
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for incident in self:
            values = {
                "kind": kinds[incident.kind],
                "date": format_date(self.env, incident.date),
            }
            if incident.kind == "order_violation":
                body = self.env._(
                    "%(kind)s of %(date)s logged, against %(order)s: risk reassessment requested.",
                    order=incident.protective_order_id.display_name,
                    **values,
                )
            else:
                body = self.env._(
                    "%(kind)s of %(date)s logged: risk reassessment requested.", **values
                )
            incident.plan_id.message_post(
                body=body, message_type="notification", subtype_xmlid="mail.mt_note"
            )

    def _schedule_reassessment(self):
        """One open "Risk reassessment" activity per plan, due today, for the
        plan's advocate: an open one is brought forward, never doubled."""
        plans = self.plan_id
        if not plans:
            return
        today = fields.Date.context_today(self)
        activity_type = self.env.ref(
            "victim_safety_planning.mail_activity_type_safety_reassessment"
        )
        Activity = self.env["mail.activity"]
        existing = Activity.search(
            [
                ("res_model", "=", "safety.plan"),
                ("res_id", "in", plans.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        )
        existing.filtered(lambda a: a.date_deadline > today).write({"date_deadline": today})
        plans_done = set(existing.mapped("res_id"))
        model_id = self.env["ir.model"]._get_id("safety.plan")
        Activity.create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": plan.id,
                    "activity_type_id": activity_type.id,
                    "summary": activity_type.summary,
                    "note": self.env._(
                        "An incident was logged on this plan: reassess the risk with the "
                        "survivor and update the plan."
                    ),
                    "date_deadline": today,
                    "automated": True,
                    "user_id": self._reassessment_assignee(plan).id,
                }
                for plan in plans
                if plan.id not in plans_done
            ]
        )

    @api.model
    def _reassessment_assignee(self, plan):
        """The plan's advocate; if they left the safety groups (activities on a
        plan go to members only), whoever logged the incident."""
        if plan.advocate_id._is_safety_member():
            return plan.advocate_id
        return self.env.user
