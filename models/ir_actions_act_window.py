from odoo import models

SUPERVISOR_GROUP = "victim_safety_planning.group_safety_supervisor"

# supervisors open these lists on what they oversee, not on "My Plans"
SUPERVISOR_CONTEXTS = {
    "victim_safety_planning.safety_plan_action": {"search_default_filter_active": 1},
    "victim_safety_planning.safety_protective_order_action": {
        "search_default_filter_active": 1,
        "search_default_filter_expiring": 1,
    },
    "victim_safety_planning.safety_consent_action": {
        "search_default_filter_active": 1,
        "search_default_filter_expiring": 1,
    },
}


class IrActionsActWindow(models.Model):
    _inherit = "ir.actions.act_window"

    def _get_action_dict(self):
        """Each role opens the plans, orders and releases on what it works
        on: an advocate on "My Plans" (the actions' own context), a
        supervisor on all active ones."""
        result = super()._get_action_dict()
        # sudo()ed by the web client's loader, but the user is still the reader
        if result.get("id") and self.env.user.has_group(SUPERVISOR_GROUP):
            for xmlid, context in SUPERVISOR_CONTEXTS.items():
                if result["id"] == self.env["ir.model.data"]._xmlid_to_res_id(
                    xmlid, raise_if_not_found=False
                ):
                    result["context"] = repr(context)
                    break
        return result
