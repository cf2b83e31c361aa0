from odoo import models

from .safety_erase_wizard import CONFIRMATION_WORD


class SafetyEraseWizard(models.TransientModel):
    """Erasure and the retention purge leave each service as a de-identified
    row (no survivor, no notes) and scrub the survivor's helpline contacts:
    funder reports keep their figures, nobody is named."""

    _inherit = "safety.erase.wizard"

    def _targets(self):
        targets = super()._targets()
        targets.pop("safety.service", None)
        return targets

    def action_erase(self):
        self.ensure_one()
        if (
            self.env.user.has_group("victim_safety_planning.group_safety_manager")
            and (self.confirmation or "").strip() == CONFIRMATION_WORD
        ):
            # the checks of the erasure run next: a refusal rolls this back too
            survivor = self.survivor_id
            survivor.check_access("unlink")
            # sudo: every service and contact of the survivor, whatever the rules
            survivor.sudo().with_context(active_test=False).service_ids._safety_deidentify()
            self.env["safety.hotline.call"].sudo().search(
                [("survivor_id", "=", survivor.id)]
            ).write({"notes": False, "caller_name": False})
        return super().action_erase()
