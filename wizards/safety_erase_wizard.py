from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain

CONFIRMATION_WORD = "ERASE"
PERSONAL_FIELDS = (
    "email",
    "phone",
    "street",
    "street2",
    "zip",
    "city",
    "state_id",
    "country_id",
    "website",
    "comment",
    "function",
    "vat",
    "ref",
    "image_1920",
    "active",
)


class SafetyEraseWizard(models.TransientModel):
    _name = "safety.erase.wizard"
    _description = "Erase a Survivor's Data"

    partner_id = fields.Many2one(
        "res.partner", string="Survivor", required=True, ondelete="cascade"
    )
    plan_count = fields.Integer(compute="_compute_summary")
    lead_count = fields.Integer(compute="_compute_summary")
    message_count = fields.Integer(compute="_compute_summary")
    attachment_count = fields.Integer(compute="_compute_summary")
    confirmation = fields.Char(
        help="Type ERASE in capitals to confirm: erasure cannot be undone.",
    )

    @api.depends("partner_id")
    def _compute_summary(self):
        for wizard in self:
            targets = wizard._targets()
            wizard.plan_count = len(targets["safety.plan"])
            wizard.lead_count = len(targets["crm.lead"])
            wizard.message_count = (
                self.env["mail.message"].sudo().search_count(wizard._message_domain(targets))
            )
            wizard.attachment_count = (
                self.env["ir.attachment"].sudo().search_count(wizard._document_domain(targets))
            )

    # helpers ----------------------------------------------------------------
    def _targets(self):
        """Every record that holds the survivor's data, by model."""
        self.ensure_one()
        partner = self.partner_id.sudo().with_context(active_test=False)
        plans = (
            self.env["safety.plan"]
            .sudo()
            .with_context(active_test=False)
            .search([("survivor_id", "=", partner.id)])
        )
        lead_domain = Domain("partner_id", "=", partner.id) | Domain("id", "in", plans.lead_id.ids)
        if partner.email_normalized:
            lead_domain |= Domain("email_normalized", "=", partner.email_normalized)
        leads = self.env["crm.lead"].sudo().with_context(active_test=False).search(lead_domain)
        targets = {"res.partner": partner, "safety.plan": plans, "crm.lead": leads}
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

    def _message_domain(self, targets):
        return self._document_domain(targets, model_field="model") | Domain(
            "author_id", "=", self.partner_id.id
        )

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
        partner = self.partner_id.sudo()
        if not partner._safety_confidential_records():
            raise UserError(
                self.env._(
                    "Only survivors can be erased here. Mark the contact as a survivor "
                    "first, or use the ordinary contact tools."
                )
            )
        partner_id = partner.id
        targets = self._targets()
        # sudo from here on: the manager group was checked above, and erasure
        # must reach records (messages, followers, events) whatever their rules
        env = self.sudo().with_context(safety_erasing=True).env
        env["mail.message"].with_context(active_test=False).search(
            self._message_domain(targets)
        ).unlink()
        env["mail.activity"].with_context(active_test=False).search(
            self._document_domain(targets)
        ).unlink()
        env["mail.followers"].search(self._document_domain(targets)).unlink()
        env["ir.attachment"].search(self._document_domain(targets)).unlink()
        env["calendar.event"].with_context(active_test=False).search(
            self._document_domain(targets) | Domain("partner_ids", "in", partner_id)
        ).unlink()
        # survivor mentioned or notified elsewhere: drop the links, keep others' messages
        env["mail.notification"].search([("res_partner_id", "=", partner_id)]).unlink()
        env.cr.execute(
            "DELETE FROM mail_message_res_partner_rel WHERE res_partner_id = %s", [partner_id]
        )
        env["mail.followers"].search([("partner_id", "=", partner_id)]).unlink()
        for model_name in sorted(targets, key=lambda m: m == "safety.plan"):
            if model_name in ("res.partner", "crm.lead", "safety.plan"):
                continue
            targets[model_name].exists().with_context(safety_erasing=True).unlink()
        targets["safety.plan"].exists().unlink()
        targets["crm.lead"].exists().unlink()
        self._anonymise_partner(partner)
        env["safety.access.log"]._log(partner, "erase")
        return {"type": "ir.actions.act_window_close"}

    def _anonymise_partner(self, partner):
        # what identifies a person or where they live, on the survivor and on
        # any address or contact filed under them
        cleared = dict.fromkeys(PERSONAL_FIELDS, False)
        partner.with_context(tracking_disable=True, mail_notrack=True).write(
            dict(
                cleared,
                name=self.env._("Erased survivor"),
                safety_real_address=False,
                is_acp_enrolled=False,
                acp_program_id=False,
                category_id=[(5, 0, 0)],
            )
        )
        partner.with_context(active_test=False).child_ids.write(
            dict(cleared, name=self.env._("Erased contact"))
        )
