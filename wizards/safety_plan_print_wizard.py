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
    is_folded = fields.Boolean(
        string="One Folded Page",
        help="Only the emergency number, the survivor's own plan, the people to call and the "
        "numbers, on one page to fold and keep on them.",
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
        """Only what the advocate typed can give a discreet print away: starter
        steps print their own discreet wording."""
        Report = self.env["report.victim_safety_planning.report_safety_plan"]
        for wizard in self:
            wizard.discreet_warning = False
            if not wizard.is_discreet:
                continue
            left_off, as_typed, answers = [], [], []
            for plan in wizard.plan_ids:
                for step, wording, is_typed in Report._safety_discreet_steps(plan):
                    if is_typed:
                        (as_typed if wording else left_off).append(step)
                phrases = (plan.company_id.name,)
                answers += [
                    answer
                    for _key, answer in plan._safety_own_answers()
                    if says_what_it_is(answer, phrases)
                ]
            if answers:
                # the survivor's own words print as they are: only they may change them
                wizard.discreet_warning = self.env._(
                    "The survivor's answer “%(answer)s” (In Their Words) says what the plan is "
                    "about and prints as written: reword it with them, or print the full version.",
                    answer=answers[0],
                )
            elif left_off:
                wizard.discreet_warning = self.env._(
                    "%(count)s step(s) you typed say what the plan is about, e.g. “%(step)s”: "
                    "the discreet print leaves them off. Give them a Discreet Wording on the "
                    "plan's steps to print them.",
                    count=len(left_off),
                    step=left_off[0].name,
                )
            elif as_typed:
                wizard.discreet_warning = self.env._(
                    "%(count)s step(s) you typed print as written, e.g. “%(step)s”: check "
                    "that they give nothing away, or give them a Discreet Wording on the "
                    "plan's steps.",
                    count=len(as_typed),
                    step=as_typed[0].name,
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
            "folded": self.is_folded,
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
