from odoo import api, models
from odoo.http import request


class SafetyConfidentialMixin(models.AbstractModel):
    """Every model holding survivor data inherits this mixin. Users outside
    the Safety Planning groups have no access right on such models at all;
    inside the groups, record rules decide. The mixin makes sure that what a
    member may not read can't be reached sideways either: not through a
    display name computed as superuser, not through ``onchange`` or defaults
    with another team's ids, not by linking a record to a plan the writer
    can't see."""

    _name = "safety.confidential.mixin"
    _description = "Safety Planning Confidentiality Guard"
    _inherit = ["safety.link.guard.mixin", "safety.input.guard.mixin"]

    @api.model
    def _safety_confidential_model_names(self):
        """Names of every model holding survivor data."""
        return set(self.env.registry.descendants(["safety.confidential.mixin"], "_inherit")) - {
            "safety.confidential.mixin",
            "safety.confidential.thread.mixin",
        }

    @api.model
    def _safety_placeholder_name(self):
        return self.env._("Confidential")

    # display names ------------------------------------------------------------
    @api.depends_context("uid")
    def _compute_display_name(self):
        super()._compute_display_name()
        self._safety_mask_display_names()

    def _safety_mask_display_names(self):
        """Replace the display names of records the real user may not read
        with a placeholder. ``_compute_display_name`` depends on the uid, so
        names computed under sudo() on a user's behalf (many2one values,
        group-by labels, access errors in debug mode) are masked as well."""
        if self.env.user._is_superuser():
            return
        records = self.filtered("id")
        if not records:
            return
        readable = records.with_env(self.env(su=False))._filtered_access("read")
        placeholder = self._safety_placeholder_name()
        for record in records - readable:
            record.display_name = placeholder

    # access history -------------------------------------------------------------
    def _safety_log_access(self, action):
        """Write one access-log line per record, no values."""
        if self:
            self.env["safety.access.log"]._log(self, action)

    def _safety_is_requested(self, method):
        """Whether this call is the one a person made, not a read Odoo makes
        for it (the survivor shown in a plan's form, a kanban's records)."""
        if not request:
            return True
        params = request.params
        return params.get("model") == self._name and params.get("method") == method

    def web_read(self, specification):
        result = super().web_read(specification)
        # one line per record opened in a form; lists (web_search_read) are not
        # "opening" a record and would flood the log
        if len(self) == 1 and self._safety_is_requested("web_read"):
            self._safety_log_access("read")
        return result

    def export_data(self, fields_to_export):
        result = super().export_data(fields_to_export)
        self._safety_log_access("export")
        return result
