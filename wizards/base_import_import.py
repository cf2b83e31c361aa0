from odoo import models

from odoo.addons.base_import.models.base_import import ImportValidationError


class BaseImportImport(models.TransientModel):
    _inherit = "base_import.import"

    def _parse_date_from_data(self, data, index, name, field_type, options):
        # core stops the whole file at its first impossible date (2025-02-30);
        # for safety models each line keeps its cell and the import names
        # every bad line with its field, as for any other bad value
        if not (self.res_model or "").startswith("safety."):
            return super()._parse_date_from_data(data, index, name, field_type, options)
        for line in data:
            try:
                super()._parse_date_from_data([line], index, name, field_type, options)
            except ImportValidationError:
                continue
        return None
