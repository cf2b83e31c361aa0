from collections import Counter

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.safety_card import says_what_it_is


class SafetyPlanPrintWizard(models.TransientModel):
    """The print dialog of the safety plan: the version (full or discreet),
    whether confidential addresses print, the paper and the hotlines. Each
    plan prints in its survivor's language, shown here."""

    _name = "safety.plan.print.wizard"
    _description = "Print Safety Plans"
    _inherit = ["safety.link.guard.mixin"]

    plan_ids = fields.Many2many("safety.plan", string="Plans", required=True)
    is_discreet = fields.Boolean(
        string="Discreet",
        help="Titled “My plan”: no agency name, no advocate, no protective orders and no "
        "words about violence, in case someone else finds it.",
    )
    show_name = fields.Boolean(
        string="Print the First Name",
        help="Print the survivor's first name or nickname under the title.",
    )
    show_confidential = fields.Boolean(
        string="Include Confidential Addresses",
        help="Print the address of safe places marked confidential (a shelter's) too. Only "
        "when the survivor can keep the paper where nobody else finds it.",
    )
    paper = fields.Selection(
        [("a4", "A4"), ("letter", "US Letter")],
        required=True,
        default=lambda self: self.env["safety.plan"]._safety_default_paper(),
    )
    resource_ids = fields.Many2many(
        "res.partner",
        string="Hotlines",
        domain=[("safety_resource_type", "!=", False), ("phone", "!=", False)],
        default=lambda self: self.env["res.partner"].search(
            [("safety_resource_type", "=", "hotline"), ("phone", "!=", False)], limit=3
        ),
        help="Resource organisations whose numbers print on the plan.",
    )
    language_info = fields.Char(
        string="Printed In",
        compute="_compute_language_info",
        help="Each plan prints in its survivor's language (Language on the survivor).",
    )

    discreet_warning = fields.Char(
        compute="_compute_discreet_warning",
        help="Steps print as they are written, discreet or not.",
    )

    @api.depends("is_discreet", "plan_ids")
    def _compute_discreet_warning(self):
        for wizard in self:
            steps = wizard.plan_ids.step_ids.filtered(lambda step: says_what_it_is(step.name))
            if not wizard.is_discreet or not steps:
                wizard.discreet_warning = False
                continue
            wizard.discreet_warning = self.env._(
                "%(count)s step(s) say what the plan is about, e.g. “%(step)s”: steps print "
                "as they are written. Reword them on the plan for a discreet print.",
                count=len(steps),
                step=steps[0].name,
            )

    @api.depends("plan_ids")
    def _compute_language_info(self):
        names = dict(self.env["res.lang"].get_installed())
        for wizard in self:
            counts = Counter(plan._safety_print_lang() for plan in wizard.plan_ids)
            if len(counts) <= 1:
                wizard.language_info = ", ".join(names.get(lang, lang) for lang in counts)
            else:
                wizard.language_info = ", ".join(
                    self.env._("%(language)s (%(count)s)", language=names.get(lang, lang), count=n)
                    for lang, n in counts.most_common()
                )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "safety.plan" and "plan_ids" in fields_list:
            values["plan_ids"] = [(6, 0, self.env.context.get("active_ids", []))]
            self._safety_check_links(values, commands=True)
        return values

    def _safety_report_data(self):
        self.ensure_one()
        return {
            "plan_ids": self.plan_ids.ids,
            "is_discreet": self.is_discreet,
            "show_name": self.show_name,
            "show_confidential": self.show_confidential,
            "paper": self.paper,
            "resource_ids": self.resource_ids.ids,
        }

    def action_print(self):
        """All the plans in one PDF, with the choices made here."""
        self.ensure_one()
        if not self.plan_ids:
            raise UserError(self.env._("Choose in “Plans” the plan(s) to print: none is chosen."))
        report = self.env.ref("victim_safety_planning.action_report_safety_plan")
        action = report.report_action(self.plan_ids, data=self._safety_report_data(), config=False)
        action["close_on_report_download"] = True
        return action
