from datetime import timedelta
from urllib.parse import urlsplit

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.safety_card import (
    CARD_BASE_URL_PARAM,
    MAX_FRONT_ROWS,
    is_example_address,
    says_what_it_is,
)


class SafetyCardPrintWizard(models.TransientModel):
    _name = "safety.card.print.wizard"
    _description = "Print Safety Plan Cards"
    _inherit = ["safety.link.guard.mixin"]

    plan_ids = fields.Many2many("safety.plan", string="Plans", required=True)
    is_discreet = fields.Boolean(
        string="Discreet",
        default=True,
        help="No agency name and no words about violence, safety, shelters or helplines: "
        "it looks like an ordinary contact card.",
    )
    hotline_label = fields.Char(
        string="Label for Hotlines",
        default=lambda self: self.env._("Info line"),
        help="On a discreet card, hotlines and other resources print under this label "
        "instead of their name. Choose words that say nothing of what they are.",
    )
    show_name = fields.Boolean(
        string="Print a Name", help="Print the first name or nickname below on the card."
    )
    name_on_card = fields.Char(
        string="Name or Nickname", help="Leave empty to use the survivor's first name."
    )
    show_code_word = fields.Boolean(
        string="Print the Code Word",
        help="The code word agreed with the first emergency contact who has one; the card "
        "says whose word it is.",
    )
    contact_limit = fields.Integer(
        string="Maximum Emergency Contacts",
        default=3,
        help="At most this many emergency contacts are printed, the first ones first.",
    )
    resource_ids = fields.Many2many(
        "res.partner",
        string="Hotlines",
        domain=[("safety_resource_type", "!=", False), ("phone", "!=", False)],
        default=lambda self: self.env["res.partner"].search(
            [("safety_resource_type", "=", "hotline"), ("phone", "!=", False)], limit=2
        ),
    )
    expiry_date = fields.Date(
        required=True, default=lambda self: fields.Date.context_today(self) + timedelta(days=365)
    )
    has_active_order = fields.Boolean(compute="_compute_has_active_order")
    include_order_card = fields.Boolean(
        string="Protective Order Card",
        help="Also print a card summing up each active protective order (type, court, case "
        "number, dates, restrained person, conditions) to show police. It is never discreet: "
        "it says what it is. Its QR code tells whether the order is in effect.",
    )
    is_full_order_card = fields.Boolean(
        string="Full Order Card (Hope Card)",
        help="Add a second order card with what police look for, as on a Hope Card: the "
        "survivor's name and date of birth, the protected persons, the respondent's date "
        "of birth and description, and firearms surrender. It names the survivor: print "
        "it only when the survivor wants it.",
    )
    card_base_url = fields.Char(
        string="Card Verification Address",
        compute="_compute_card_base_url",
        help="Set in Settings > Safety Planning > Wallet cards. The QR code opens this "
        "address followed by /safety/card/ and the card's token.",
    )
    card_base_url_problem = fields.Char(compute="_compute_card_base_url")
    card_base_url_note = fields.Char(compute="_compute_card_base_url")
    settings_admin_names = fields.Char(
        string="Who Can Change It",
        compute="_compute_settings_admin_names",
        help="The administrators of Settings: only they can change the card verification "
        "address.",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "safety.plan" and "plan_ids" in fields_list:
            values["plan_ids"] = [(6, 0, self.env.context.get("active_ids", []))]
            # the ids come from the context: another team's plan answers as a missing one
            self._safety_check_links(values, commands=True)
        return values

    @api.depends("plan_ids")
    def _compute_has_active_order(self):
        for wizard in self:
            wizard.has_active_order = bool(wizard._active_orders())

    def _compute_card_base_url(self):
        # sudo: the address is a setting every member may see, not a secret
        url = self.env["ir.config_parameter"].sudo().get_param(CARD_BASE_URL_PARAM) or False
        problem = self.env["safety.card"]._safety_address_problem(url) if url else False
        for wizard in self:
            wizard.card_base_url = url
            wizard.card_base_url_problem = (
                self.env._(
                    "This address is %(problem)s: printing will be refused.", problem=problem
                )
                if problem
                else False
            )
            wizard.card_base_url_note = (
                self.env._(
                    "%(host)s is reserved for examples (the demo's): cards print, but their "
                    "QR codes open nothing. Ask an administrator of Settings to set the "
                    "agency's public address in Settings > Safety Planning > Wallet cards.",
                    host=urlsplit(url).hostname,
                )
                if url and not problem and is_example_address(url)
                else False
            )

    def _compute_settings_admin_names(self):
        # sudo: who administers Settings is shown to every member so they know
        # whom to ask; only names of active internal users are read
        admins = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("all_group_ids", "in", self.env.ref("base.group_system").id),
                    ("share", "=", False),
                    ("id", "!=", self.env.ref("base.user_root").id),
                ],
                order="name",
                limit=5,
            )
        )
        names = ", ".join(admins.mapped("name"))
        for wizard in self:
            wizard.settings_admin_names = names

    def _active_orders(self):
        self.ensure_one()
        return self.plan_ids.protective_order_ids.filtered(lambda o: o._safety_is_in_effect())

    def _check_printable(self):
        self.ensure_one()
        if not self.plan_ids:
            raise UserError(
                self.env._("Choose in “Plans” the plan(s) whose cards to print: none is chosen.")
            )
        self.env["safety.card"]._safety_public_base_url()
        not_active = self.plan_ids.filtered(lambda p: p.state != "active")
        if not_active:
            raise UserError(
                self.env._(
                    "Cards are printed for active plans only; %(plans)s is not active. "
                    "Activate it first, or leave it out of the selection.",
                    plans=", ".join(not_active.mapped("name")),
                )
            )
        if not 0 <= self.contact_limit <= MAX_FRONT_ROWS:
            raise UserError(
                self.env._(
                    "“Emergency Contacts” must be between 0 and %(max)s: a card front holds "
                    "%(max)s lines.",
                    max=MAX_FRONT_ROWS,
                )
            )
        if self.contact_limit + len(self.resource_ids) > MAX_FRONT_ROWS:
            raise UserError(
                self.env._(
                    "A card front holds %(max)s lines: %(contacts)s emergency contacts and "
                    "%(hotlines)s hotlines are too many. Lower “Emergency Contacts” or remove "
                    "a hotline.",
                    max=MAX_FRONT_ROWS,
                    contacts=self.contact_limit,
                    hotlines=len(self.resource_ids),
                )
            )
        if self.is_discreet and says_what_it_is(self.hotline_label):
            raise UserError(
                self.env._(
                    "The “Label for Hotlines” “%(label)s” says what the card is about, which a "
                    "discreet card must not: choose a neutral label such as “Info line”.",
                    label=self.hotline_label,
                )
            )

    def action_print(self):
        """Issue one card per plan (revoking each plan's previous card) and
        print them all in one PDF; the dialog closes once it is downloaded."""
        self.ensure_one()
        self._check_printable()
        orders_by_plan = {}
        if self.include_order_card:
            orders = self._active_orders()
            orders._safety_ensure_card_token()
            for order in orders:
                orders_by_plan.setdefault(order.plan_id, order.browse())
                orders_by_plan[order.plan_id] |= order
        vals_list = []
        for plan in self.plan_ids:
            code_contact = (
                plan.emergency_contact_ids.filtered("code_word")[:1]
                if self.show_code_word
                else plan.emergency_contact_ids.browse()
            )
            vals_list.append(
                {
                    "plan_id": plan.id,
                    "expiry_date": self.expiry_date,
                    "is_discreet": self.is_discreet,
                    # the default label is kept unset: it then prints in the
                    # card's language, not in the advocate's
                    "hotline_label": (
                        self.hotline_label
                        if self.hotline_label != self.env._("Info line")
                        else False
                    ),
                    "lang": plan.survivor_id.lang or self.env.lang,
                    "name_on_card": (
                        (self.name_on_card or plan.survivor_id._safety_first_name())
                        if self.show_name
                        else False
                    ),
                    "code_word": code_contact.code_word or False,
                    "code_word_contact_id": code_contact.id,
                    "contact_limit": self.contact_limit,
                    "resource_ids": [(6, 0, self.resource_ids.ids)],
                    "order_ids": [(6, 0, orders_by_plan.get(plan, plan.browse()).ids)],
                    "is_full_order_card": bool(self.include_order_card and self.is_full_order_card),
                }
            )
        cards = self.env["safety.card"].create(vals_list)
        action = self.env.ref("victim_safety_planning.action_report_safety_card").report_action(
            cards, config=False
        )
        action["close_on_report_download"] = True
        return action
