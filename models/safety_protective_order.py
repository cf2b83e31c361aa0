import secrets

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL
from odoo.tools.misc import format_date

ORDER_TYPES = [
    ("emergency", "Emergency / ex parte"),
    ("temporary", "Temporary"),
    ("final", "Final"),
    ("criminal", "Criminal no-contact"),
    ("other", "Other"),
]
DECISIONS = [
    ("dismissed", "Dismissed"),
    ("vacated", "Vacated"),
    ("modified", "Modified"),
]
FIREARMS_SURRENDER = [
    ("not_ordered", "Not ordered"),
    ("ordered", "Ordered, not yet confirmed"),
    ("surrendered", "Surrendered"),
    ("not_surrendered", "Not surrendered"),
    ("unknown", "Unknown"),
]
# states in which an order protects the survivor
CURRENT_STATES = ("active", "expiring")


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
        [
            ("active", "Active"),
            ("expiring", "Expiring Soon"),
            ("expired", "Expired"),
            ("dismissed", "Dismissed"),
            ("vacated", "Vacated"),
            ("modified", "Modified"),
        ],
        string="Status",
        compute="_compute_state",
        search="_search_state",
    )
    # the court ended the order before its expiry (or replaced it): the order
    # card is revoked, its QR code then says the order is not in effect
    decision = fields.Selection(
        DECISIONS,
        readonly=True,
        copy=False,
        help="Set with the order's “Dismissed”, “Vacated” or “Modified” buttons.",
    )
    decision_date = fields.Date(readonly=True, copy=False)
    decision_note = fields.Text(
        readonly=True, copy=False, groups="victim_safety_planning.group_safety_advocate"
    )
    firearms_surrender = fields.Selection(
        FIREARMS_SURRENDER,
        default="not_ordered",
        required=True,
        help="Whether the order tells the respondent to surrender firearms, and whether "
        "they did. Printed on the full order card.",
    )
    firearms_surrender_date = fields.Date(
        help="When the respondent surrendered their firearms, or must by."
    )
    hearing_ids = fields.One2many("safety.court.hearing", "order_id", string="Hearings")
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

    @api.depends("expiry_date", "decision")
    def _compute_state(self):
        for order in self:
            order.state = order.decision or order._safety_expiry_state()

    def _search_state(self, operator, value):
        if operator != "in":
            return NotImplemented
        undecided = Domain("decision", "=", False)
        domains = {
            state: undecided & domain
            for state, domain in self._safety_expiry_state_domains().items()
        }
        for decision, _label in DECISIONS:
            domains[decision] = Domain("decision", "=", decision)
        return Domain.OR(domains[v] for v in value if v in domains)

    def _safety_is_in_effect(self):
        """Whether the order protects the survivor today."""
        self.ensure_one()
        return self.state in CURRENT_STATES

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

    def _card_full_details(self):
        """What the full order card (Hope Card fields) prints, staff having
        chosen to print it: the survivor as petitioner, the protected
        persons, the respondent's identifiers and the firearms surrender."""
        self.ensure_one()
        survivor = self.plan_id.survivor_id
        respondent = self.respondent_id

        def label(record, field_name):
            selection = dict(record._fields[field_name]._description_selection(self.env))
            return selection.get(record[field_name]) or ""

        members = self.plan_id.household_member_ids.filtered("is_protected_by_order")
        members = members.sorted(lambda m: (m.member_type != "person", m.sequence, m.id))
        vehicle = " ".join(filter(None, [respondent.vehicle, respondent.license_plate]))
        return {
            "petitioner": survivor.name or "",
            "petitioner_birthdate": survivor.birthdate or False,
            "protected": [
                {"name": m.name, "birthdate": m.birthdate or False, "relationship": m.relationship}
                for m in members
            ],
            "respondent": self._card_restrained_person()["name"],
            "respondent_birthdate": respondent.birthdate or False,
            "respondent_sex": label(respondent, "sex") if respondent else "",
            "respondent_build": " · ".join(filter(None, [respondent.height, respondent.weight])),
            "respondent_hair_eyes": " · ".join(
                filter(None, [respondent.hair_color, respondent.eye_color])
            ),
            "respondent_vehicle": vehicle,
            "firearms": label(self, "firearms_surrender"),
            "firearms_date": self.firearms_surrender_date or False,
        }

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

    # court decisions ----------------------------------------------------------
    def action_decide(self):
        """Open the dialog recording that the court dismissed, vacated or
        modified the order."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Court Decision"),
            "res_model": "safety.order.decision.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_order_id": self.id,
                "default_decision": self.env.context.get("decision") or "dismissed",
            },
        }

    def _safety_decide(self, decision, date, note):
        """The court ended the order early (dismissed, vacated) or replaced it
        (modified): record it, revoke its order card and withdraw its expiry
        reminder. The plan's chatter says so, never the note."""
        self.ensure_one()
        self.check_access("write")
        if self.decision:
            raise UserError(
                self.env._(
                    "%(order)s is already %(state)s: record a new order if the court "
                    "issued one.",
                    order=self.display_name,
                    state=dict(self._fields["state"]._description_selection(self.env))[self.state],
                )
            )
        today = fields.Date.context_today(self)
        if not date or date > today or date < self.issue_date:
            raise ValidationError(
                self.env._(
                    "The Decision Date must be between the order's Issue Date %(issue)s "
                    "and today: enter the date on the court's decision.",
                    issue=format_date(self.env, self.issue_date),
                )
            )
        if not (note or "").strip():
            raise ValidationError(
                self.env._(
                    "Fill in the Note of the decision: say what the court decided, "
                    "e.g. “dismissed at the petitioner's request”."
                )
            )
        # sudo: the decision fields are the system's (readonly in forms); the
        # right to change the order was checked above
        self.sudo().write({"decision": decision, "decision_date": date, "decision_note": note})
        self.reminder_activity_id.sudo().unlink()
        label = dict(self._fields["decision"]._description_selection(self.env))[decision]
        body = self.env._(
            "%(order)s: %(decision)s on %(date)s. Its order card is revoked, and its QR code "
            "now says the order is not in effect.",
            order=self.display_name,
            decision=label,
            date=format_date(self.env, date),
        )
        self.plan_id.message_post(
            body=body, message_type="notification", subtype_xmlid="mail.mt_note"
        )
        return True

    # expiry reminders ---------------------------------------------------------
    @api.model
    def _safety_reminder_live_sql(self, alias):
        return SQL("%s.decision IS NULL", alias)

    def _safety_reminder_summary(self):
        types = dict(self._fields["order_type"]._description_selection(self.env))
        return self.env._(
            "%(type)s protective order expires on %(date)s: renew or plan for it",
            type=types.get(self.order_type, ""),
            date=self._safety_format_expiry(),
        )
