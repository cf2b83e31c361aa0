from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

RESOURCE_TYPES = [
    ("advocacy", "Advocacy"),
    ("shelter", "Shelter"),
    ("law_enforcement", "Law enforcement"),
    ("counseling", "Counseling"),
    ("legal_aid", "Legal aid"),
    ("medical", "Medical"),
    ("hotline", "Hotline"),
]


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "safety.confidential.thread.mixin"]

    is_survivor = fields.Boolean(
        string="Survivor",
        index=True,
        copy=False,
        groups="victim_safety_planning.group_safety_advocate",
    )
    is_confidential = fields.Boolean(
        string="Confidential",
        compute="_compute_is_confidential",
        store=True,
        readonly=False,
        copy=False,
        groups="victim_safety_planning.group_safety_advocate",
        help="Hidden from every user outside the Safety Planning groups. Always set "
        "on survivors.",
    )
    safety_plan_ids = fields.One2many(
        "safety.plan",
        "survivor_id",
        string="Safety Plans",
        groups="victim_safety_planning.group_safety_advocate",
    )
    safety_plan_count = fields.Integer(
        compute="_compute_safety_plan_count",
        groups="victim_safety_planning.group_safety_advocate",
    )
    is_acp_enrolled = fields.Boolean(
        string="Address Confidentiality Program",
        groups="victim_safety_planning.group_safety_advocate",
        help="The survivor is enrolled in a state address confidentiality program: "
        "the program's substitute address is shown and printed everywhere, the real "
        "address is kept in Real Address, visible to Safety Planning users only.",
    )
    acp_program_id = fields.Many2one(
        "res.partner",
        string="ACP Program",
        domain=[("is_company", "=", True)],
        groups="victim_safety_planning.group_safety_advocate",
        help="The program whose substitute address replaces the survivor's.",
    )
    safety_real_address = fields.Text(
        string="Real Address",
        groups="victim_safety_planning.group_safety_advocate",
        copy=False,
    )
    safety_resource_type = fields.Selection(
        RESOURCE_TYPES,
        string="Safety Resource",
        index="btree_not_null",
        help="Set on organisations that survivors can be referred to.",
    )

    # The confidentiality rule filters on this one column: a survivor must
    # never be left unflagged, whatever path wrote is_survivor.
    _survivor_is_confidential = models.Constraint(
        "CHECK(is_survivor IS NOT TRUE OR is_confidential IS TRUE)",
        "A survivor's contact is always confidential.",
    )

    # Non-members' partner searches (name_search, lists) filter out survivors
    # and sort by complete_name: this index serves both at once, so hiding
    # survivors costs nothing on a 200,000-partner database (see bench/).
    _complete_name_not_confidential_idx = models.Index(
        "(complete_name, id DESC) WHERE is_confidential IS NOT TRUE"
    )

    @api.depends("is_survivor")
    def _compute_is_confidential(self):
        for partner in self:
            partner.is_confidential = partner.is_confidential or partner.is_survivor

    @api.depends_context("uid")
    def _compute_display_name(self):
        super()._compute_display_name()
        self._safety_mask_display_names()

    @api.depends("safety_plan_ids")
    def _compute_safety_plan_count(self):
        counts = dict(
            self.env["safety.plan"]._read_group(
                [("survivor_id", "in", self.ids)], ["survivor_id"], ["__count"]
            )
        )
        for partner in self:
            partner.safety_plan_count = counts.get(partner, 0)

    def write(self, vals):
        if vals.get("is_acp_enrolled") or vals.get("acp_program_id"):
            for partner in self:
                partner._safety_apply_acp_address(vals)
        res = super().write(vals)
        if vals.get("is_confidential") or vals.get("is_survivor"):
            # a lead naming a survivor copies their name, email, phone and
            # address: it becomes an intake, hidden like the survivor
            leads = (
                self.env["crm.lead"]
                .sudo()
                .search([("partner_id", "in", self.ids), ("is_safety_intake", "=", False)])
            )
            leads.write({"is_safety_intake": True})
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_safety_recipient(self):
        """A contact named as the recipient of a survivor's release can't be
        deleted. Odoo's own refusal would name the releases; outsiders get a
        message that names nothing."""
        if self.env.su or self.env.user._is_safety_member():
            return
        # sudo: a non-member is only told that something they can't see holds
        # the contact, never what
        if (
            self.env["safety.consent"]
            .sudo()
            .search_count([("recipient_id", "in", self.ids)], limit=1)
        ):
            raise UserError(
                self.env._(
                    "This contact is used by records you can't see, so it can't be "
                    "deleted. Archive it instead."
                )
            )

    def _safety_apply_acp_address(self, vals):
        """Enrolling in an address confidentiality program moves the real
        address into the restricted field and puts the program's substitute
        address in the ordinary address fields, which everything displays and
        prints."""
        self.ensure_one()
        program = self.browse(vals.get("acp_program_id")) or self.acp_program_id
        if not program:
            raise ValidationError(
                self.env._(
                    "Choose the ACP Program of %(name)s: its substitute address replaces "
                    "the survivor's address everywhere.",
                    name=self.name,
                )
            )
        if not (vals.get("safety_real_address") or self.safety_real_address):
            vals["safety_real_address"] = self._display_address(without_company=True)
        for field_name in ("street", "street2", "zip", "city"):
            vals[field_name] = program[field_name]
        vals["state_id"] = program.state_id.id
        vals["country_id"] = program.country_id.id

    def _safety_confidential_records(self):
        return self.filtered(lambda p: p.is_confidential or p.is_survivor)

    def action_create_safety_plan(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Safety Plan"),
            "res_model": "safety.plan",
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {
                "default_survivor_id": self.id,
                "default_company_id": (self.company_id or self.env.company).id,
            },
        }

    def action_view_safety_plans(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "victim_safety_planning.safety_plan_action"
        )
        action["domain"] = [("survivor_id", "=", self.id)]
        action["context"] = {"default_survivor_id": self.id}
        if self.safety_plan_count == 1:
            action["views"] = [(False, "form")]
            action["res_id"] = self.safety_plan_ids.id
        return action
