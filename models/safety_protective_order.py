import secrets

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools.misc import format_date

ORDER_TYPES = [
    ("emergency", "Emergency / ex parte"),
    ("temporary", "Temporary"),
    ("final", "Final"),
    ("criminal", "Criminal no-contact"),
    ("other", "Other"),
]


class SafetyProtectiveOrder(models.Model):
    """A court order protecting the survivor. Its state comes from the expiry
    date; incidents logged as violations of it flag it."""

    _name = "safety.protective.order"
    _description = "Protective Order"
    _inherit = [
        "safety.plan.child.mixin",
        "safety.survivor.name.mixin",
        "safety.expiry.reminder.mixin",
        "safety.validity.mixin",
    ]
    _order = "issue_date desc, id desc"
    _safety_reminder_kind = "order"
    _safety_reminder_activity_type = (
        "victim_safety_planning.mail_activity_type_safety_order_expiring"
    )
    _safety_validity_date_fields = ("issue_date", "expiry_date")

    order_type = fields.Selection(ORDER_TYPES, string="Type", required=True, default="temporary")
    court = fields.Char()
    case_number = fields.Char(groups="victim_safety_planning.group_safety_advocate")
    issue_date = fields.Date(required=True)
    expiry_date = fields.Date(help="Leave empty for an order that does not expire.")
    respondent_id = fields.Many2one(
        "safety.respondent",
        index="btree_not_null",
        ondelete="set null",
        domain="[('plan_id', '=', plan_id)]",
        help="The person the order restrains, from the plan's Person Causing Harm page.",
    )
    respondent_name = fields.Char(
        compute="_compute_respondent_name",
        store=True,
        readonly=False,
        precompute=True,
        groups="victim_safety_planning.group_safety_advocate",
        help="Follows the respondent's name; orders recorded before respondents were "
        "kept on the plan keep the name typed then.",
    )
    respondent_description = fields.Text(
        groups="victim_safety_planning.group_safety_advocate",
        help="What helps police recognise the respondent: height, build, hair, marks, "
        "vehicle and plate. Printed on the protective order card.",
    )
    conditions = fields.Text(
        groups="victim_safety_planning.group_safety_advocate",
        help="What the respondent must do or not do: distance, no contact, places to avoid...",
    )
    card_token = fields.Char(
        copy=False,
        readonly=True,
        groups="victim_safety_planning.group_safety_advocate",
        help="Random token in the QR code of the order card: scanning it tells whether "
        "the order is in effect, nothing else. Set when the first order card is printed.",
    )
    state = fields.Selection(
        [("active", "Active"), ("expiring", "Expiring Soon"), ("expired", "Expired")],
        string="Status",
        compute="_compute_state",
        search="_search_state",
    )
    incident_ids = fields.One2many("safety.incident", "protective_order_id", string="Incidents")
    violation_count = fields.Integer(
        string="Violations", compute="_compute_violation_count", store=True
    )
    has_violation = fields.Boolean(
        string="Violated", compute="_compute_violation_count", store=True
    )

    _card_token_uniq = models.Constraint(
        "UNIQUE(card_token)", "A protective order card token must be unique."
    )

    @api.depends("respondent_id.name")
    def _compute_respondent_name(self):
        for order in self:
            # without a respondent the typed name stays (orders recorded earlier)
            order.respondent_name = order.respondent_id.name or order.respondent_name

    @api.constrains("respondent_id", "plan_id")
    def _check_respondent_plan(self):
        for order in self:
            if order.respondent_id and order.respondent_id.plan_id != order.plan_id:
                raise ValidationError(
                    self.env._(
                        "The Respondent of an order must be a person recorded on the same "
                        "plan: add them on the plan's Person Causing Harm page, then choose "
                        "them here."
                    )
                )

    @api.onchange("issue_date", "expiry_date")
    def _onchange_dates(self):
        return self._safety_dates_warning()

    def _safety_dates_error(self):
        self.ensure_one()
        today = fields.Date.context_today(self)
        if self.issue_date and self.issue_date > today:
            return self.env._(
                "The Issue Date %(date)s is in the future: record a protective order "
                "once the court has issued it, with the date on the order.",
                date=format_date(self.env, self.issue_date),
            )
        if self.issue_date and self.expiry_date and self.expiry_date < self.issue_date:
            return self.env._(
                "The Expiry Date %(expiry)s is before the Issue Date %(issue)s. "
                "Check both dates on the order, or leave the Expiry Date empty "
                "if the order does not expire.",
                expiry=format_date(self.env, self.expiry_date),
                issue=format_date(self.env, self.issue_date),
            )
        return False

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        orders._post_on_plan()
        return orders

    def _post_on_plan(self):
        """A note on the plan's chatter: which order and its dates, as the
        plan's Protective Orders page shows them (never the conditions)."""
        for order in self:
            values = {
                "order": order.display_name,
                "issue": format_date(self.env, order.issue_date),
            }
            if order.expiry_date:
                body = self.env._(
                    "Protective order %(order)s recorded: issued %(issue)s, expires %(expiry)s.",
                    expiry=format_date(self.env, order.expiry_date),
                    **values,
                )
            else:
                body = self.env._(
                    "Protective order %(order)s recorded: issued %(issue)s, does not expire.",
                    **values,
                )
            order.plan_id.message_post(
                body=body, message_type="notification", subtype_xmlid="mail.mt_note"
            )

    @api.depends("order_type", "case_number")
    def _compute_display_name(self):
        # the names come from _safety_display_name; the mixin masks them
        return super()._compute_display_name()

    def _safety_display_name(self):
        self.ensure_one()
        types = dict(self._fields["order_type"]._description_selection(self.env))
        order_type = types.get(self.order_type) or self.env._("Protective")
        if self.case_number:
            return self.env._("%(type)s order %(case)s", type=order_type, case=self.case_number)
        return self.env._("%(type)s order", type=order_type)

    @api.depends("expiry_date")
    def _compute_state(self):
        for order in self:
            order.state = order._safety_expiry_state()

    def _search_state(self, operator, value):
        if operator != "in":
            return NotImplemented
        domains = self._safety_expiry_state_domains()
        return Domain.OR(domains[v] for v in value if v in domains)

    @api.depends("incident_ids.kind")
    def _compute_violation_count(self):
        for order in self:
            violations = order.incident_ids.filtered(lambda i: i.kind == "order_violation")
            order.violation_count = len(violations)
            order.has_violation = bool(violations)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_incidents(self):
        # erasing a survivor removes their incidents first, then their orders
        if any(order.incident_ids for order in self):
            raise UserError(
                self.env._(
                    "Incidents are recorded against this protective order: it cannot be "
                    "deleted. Correct its dates instead."
                )
            )

    def action_view_incidents(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Incidents"),
            "res_model": "safety.incident",
            "view_mode": "list,form",
            "domain": [("protective_order_id", "=", self.id)],
            "context": {
                "default_plan_id": self.plan_id.id,
                "default_protective_order_id": self.id,
                "default_kind": "order_violation",
            },
        }

    # order card -----------------------------------------------------------------
    def _card_restrained_person(self):
        """Name and description of the person the order restrains, as the
        order card prints them. The card reads them through here only: from
        the plan's person causing harm when the order names one, else as
        typed on the order."""
        self.ensure_one()
        respondent = self.respondent_id
        if not respondent:
            return {
                "name": self.respondent_name or "",
                "description": self.respondent_description or "",
            }
        lines = [respondent.description]
        if respondent.vehicle or respondent.license_plate:
            lines.append(
                self.env._(
                    "Vehicle: %(vehicle)s %(plate)s",
                    vehicle=respondent.vehicle or "",
                    plate=respondent.license_plate or "",
                ).strip()
            )
        return {
            "name": respondent.name,
            "description": "\n".join(line for line in lines if line),
        }

    def _card_protected_persons(self):
        """Names of the plan's household members the order protects, as the
        order card lists them (people first, then pets)."""
        self.ensure_one()
        members = self.plan_id.household_member_ids.filtered("is_protected_by_order")
        members = members.sorted(lambda m: (m.member_type != "person", m.sequence, m.id))
        return members.mapped("name")

    def _safety_ensure_card_token(self):
        """Give the orders the token of their card's QR code, on the first
        print; later prints keep it, so every printed card verifies alike."""
        self.check_access("write")
        for order in self.filtered(lambda o: not o.card_token):
            # sudo: the token is the system's field; the user's right to
            # change the order was checked just above
            order.sudo().card_token = secrets.token_urlsafe(24)

    def _safety_card_verification_url(self):
        """Address in the order card's QR code: the public page says whether
        the order is in effect and names nobody."""
        self.ensure_one()
        base = self.env["safety.card"]._safety_public_base_url()
        # sudo: the token is readable by the plan's members only (groups on
        # the field); the card printed for them carries it in its QR code
        return f"{base}/safety/order/{self.sudo().card_token}"

    # expiry reminders ---------------------------------------------------------
    def _safety_reminder_summary(self):
        types = dict(self._fields["order_type"]._description_selection(self.env))
        return self.env._(
            "%(type)s protective order expires on %(date)s: renew or plan for it",
            type=types.get(self.order_type, ""),
            date=self._safety_format_expiry(),
        )
