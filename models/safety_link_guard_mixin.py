from odoo import Command, api, models
from odoo.exceptions import AccessError


class SafetyLinkGuardMixin(models.AbstractModel):
    """Refuse values naming survivor data the user may not read, as if it
    did not exist (doc/architecture.md)."""

    _name = "safety.link.guard.mixin"
    _description = "Safety Planning Link Guard"

    @api.model
    def _safety_check_links(self, values, commands=False):
        """Raise unless every confidential record named in ``values`` exists
        and is readable. With ``commands``, x2many values are checked too
        (``onchange`` reads the records they name)."""
        if self.env.su:
            return
        confidential = self.env["safety.confidential.mixin"]._safety_confidential_model_names()
        for field_name, value in values.items():
            field = self._fields.get(field_name)
            if not field or not value or field.comodel_name not in confidential:
                continue
            if field.type == "many2one":
                record_id = value.get("id") if isinstance(value, dict) else value
                # anything but an id is the ORM's to refuse
                ids = {record_id} if isinstance(record_id, int) else set()
            elif commands and field.type in ("one2many", "many2many"):
                ids = self._safety_command_ids(value)
            else:
                continue
            ids = {id_ for id_ in ids if isinstance(id_, int) and not isinstance(id_, bool)}
            if not ids:
                continue
            records = self.env[field.comodel_name].browse(ids)
            # sudo: existence only; the answer is the same for missing and forbidden
            existing = records.sudo().exists()
            if len(existing) != len(records) or records._filtered_access("read") != records:
                raise AccessError(
                    self.env._(
                        "“%(field)s” names a record that does not exist or that you may "
                        "not see. Choose one from the list.",
                        field=field._description_string(self.env),
                    )
                )

    @api.model
    def _safety_command_ids(self, commands):
        ids = set()
        if not isinstance(commands, list | tuple):
            return ids
        for command in commands:
            if not isinstance(command, list | tuple) or len(command) < 2:
                continue
            if command[0] in (Command.UPDATE, Command.LINK, Command.DELETE, Command.UNLINK):
                ids.add(command[1])
            elif command[0] == Command.SET and len(command) > 2:
                ids.update(command[2] if isinstance(command[2], list | tuple) else ())
        return {id_ for id_ in ids if isinstance(id_, int) and not isinstance(id_, bool)}

    @api.model
    def default_get(self, fields):
        values = super().default_get(fields)
        self._safety_check_links(values, commands=True)
        return values

    def onchange(self, values, field_names, fields_spec):
        self._safety_check_links(values, commands=True)
        return super().onchange(values, field_names, fields_spec)

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = self._safety_own_values(vals_list, "create")
        for vals in vals_list:
            self._safety_check_links(vals)
        return super().create(vals_list)

    def write(self, vals):
        vals = self._safety_own_values([vals], "write")[0]
        self._safety_check_links(vals)
        return super().write(vals)
