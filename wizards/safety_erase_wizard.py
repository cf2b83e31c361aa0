from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain

CONFIRMATION_WORD = "ERASE"


class SafetyEraseWizard(models.TransientModel):
    """Erase everything the agency holds about a survivor, in one
    transaction: the vault record, every plan and what hangs on it, their
    messages, attachments, activities, followers and meetings. A contact the
    survivor was linked to in other apps stays as those apps knew it."""

    _name = "safety.erase.wizard"
    _description = "Erase a Survivor's Data"
    _inherit = ["safety.link.guard.mixin"]

    survivor_id = fields.Many2one("safety.survivor", required=True, ondelete="cascade")
    plan_count = fields.Integer(string="Safety Plans", compute="_compute_summary")
    message_count = fields.Integer(string="Messages", compute="_compute_summary")
    attachment_count = fields.Integer(string="Attachments", compute="_compute_summary")
    confirmation = fields.Char(
        help="Type ERASE in capitals to confirm: erasure cannot be undone.",
    )

    @api.depends("survivor_id")
    def _compute_summary(self):
        # sudo: counts of what the erasure will remove, shown to a manager (the
        # wizard's only users) before they confirm
        for wizard in self:
            targets = wizard._targets()
            domain = wizard._document_domain(targets)
            wizard.plan_count = len(targets["safety.plan"])
            wizard.message_count = (
                self.env["mail.message"]
                .sudo()
                .search_count(wizard._document_domain(targets, model_field="model"))
            )
            wizard.attachment_count = self.env["ir.attachment"].sudo().search_count(domain)

    # helpers ----------------------------------------------------------------
    def _targets(self):
        """Every record that holds the survivor's data, by model, as
        superuser: erasure must reach all of it, whatever the rules (the
        action checks the manager group first)."""
        self.ensure_one()
        survivor = self.survivor_id.sudo().with_context(active_test=False)
        plans = survivor.plan_ids
        targets = {"safety.survivor": survivor, "safety.plan": plans}
        # every plan child, whatever feature added it: one2many fields of the plan
        for field in plans._fields.values():
            if field.type == "one2many" and field.comodel_name.startswith("safety."):
                records = plans.mapped(field.name)
                targets[field.comodel_name] = (
                    targets.get(field.comodel_name, self.env[field.comodel_name].sudo()) | records
                )
        return targets

    def _document_domain(self, targets, model_field="res_model"):
        """Records attached to any target: (model, res_id) pairs."""
        domain = Domain.FALSE
        for model_name, records in targets.items():
            if records:
                domain |= Domain(model_field, "=", model_name) & Domain("res_id", "in", records.ids)
        return domain

    # action ----------------------------------------------------------------
    def action_erase(self):
        self.ensure_one()
        if not self.env.user.has_group("victim_safety_planning.group_safety_manager"):
            raise AccessError(self.env._("Only Safety Planning managers can erase a survivor."))
        if (self.confirmation or "").strip() != CONFIRMATION_WORD:
            raise UserError(
                self.env._(
                    "Type %(word)s in “Confirmation” to erase this survivor's data: it "
                    "cannot be undone.",
                    word=CONFIRMATION_WORD,
                )
            )
        survivor = self.survivor_id
        survivor.check_access("unlink")
        survivor_id = survivor.id
        targets = self._targets()
        # filed first: if anything below fails, the line goes with the rest
        self.env["safety.access.log"]._log(survivor, "erase")
        # sudo from here on: the manager group and their access to the survivor
        # were checked above, and erasure must reach records (messages,
        # followers, meetings, confirmed assessments) whatever their rules
        env = self.sudo().env
        documents = self._document_domain(targets)
        env["mail.message"].with_context(active_test=False).search(
            self._document_domain(targets, model_field="model")
        ).unlink()
        env["mail.activity"].with_context(active_test=False).search(documents).unlink()
        env["mail.followers"].search(documents).unlink()
        env["ir.attachment"].search(documents).unlink()
        env["calendar.event"].with_context(active_test=False).search(documents).unlink()
        env["safety.lead.refer.wizard"].search([("survivor_id", "=", survivor_id)]).unlink()
        # children before what they point at (incidents before their order)
        for model_name in sorted(targets, key=self._erase_order):
            targets[model_name].with_env(env).exists().unlink()
        return {"type": "ir.actions.act_window_close"}

    @api.model
    def _erase_order(self, model_name):
        last = ["safety.protective.order", "safety.plan", "safety.survivor"]
        return (model_name in last, last.index(model_name) if model_name in last else 0)
