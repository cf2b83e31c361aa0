import math

from odoo import api, fields, models
from odoo.exceptions import ValidationError

INT32 = 2**31


class SafetyInputGuardMixin(models.AbstractModel):
    """Values a client sends (a form, an import, an integration over
    JSON-RPC) are checked against their field before the database sees
    them: a wrong value comes back as an error naming the field and what it
    takes, never as a database traceback."""

    _name = "safety.input.guard.mixin"
    _description = "Safety Planning Input Guard"

    @api.model
    def _safety_system_fields(self):
        """Hook: fields only server-side code sets (a card's token and number,
        an order card's token). A client can't send them, neither as values
        nor as ``default_*`` context keys."""
        return frozenset()

    @api.model
    def _safety_check_system_input(self, vals, creating=False):
        if self.env.su:
            return
        system = self._safety_system_fields()
        refused = system & set(vals)
        if creating:
            refused |= {name for name in system if f"default_{name}" in self.env.context}
        if refused:
            raise ValidationError(
                self.env._(
                    "%(fields)s of %(model)s are set by Odoo, not by hand. Leave them out.",
                    fields=", ".join(
                        f"“{self._fields[name]._description_string(self.env)}”"
                        for name in sorted(refused)
                    ),
                    model=self.env["ir.model"]._get(self._name).name,
                )
            )

    @api.model
    def _safety_check_input(self, vals):
        if self.env.su:
            # server-side code (crons, demo data) is not client input
            return
        for field_name, value in vals.items():
            field = self._fields.get(field_name)
            if field is None:
                continue
            if value is False or value is None:
                if field.required and field.type in ("char", "text", "html") and self:
                    value = ""
                else:
                    continue
            if (
                field.required
                and field.type in ("char", "text", "html")
                and isinstance(value, str)
                and not value.strip()
            ):
                raise ValidationError(
                    self.env._(
                        "Fill in “%(field)s”: it is required and can't be left blank.",
                        field=field._description_string(self.env),
                    )
                )
            hint = self._safety_input_problem(field, value)
            if hint:
                raise ValidationError(
                    self.env._(
                        "“%(field)s” can't be “%(value)s”: %(hint)s",
                        field=field._description_string(self.env),
                        value=str(value)[:80],
                        hint=hint,
                    )
                )

    @api.model
    def _safety_input_problem(self, field, value):
        """What is wrong with ``value`` for ``field``, or None."""
        if field.type in ("char", "text", "html"):
            if not isinstance(value, str | int | float):
                return self.env._("type text.")
            if "\x00" in str(value):
                return self.env._("it holds a NUL character; type the text again.")
        elif field.type in ("integer", "float", "monetary"):
            try:
                number = float(value)
            except (TypeError, ValueError):
                return self.env._("type a number.")
            if not math.isfinite(number):
                return self.env._("type a number.")
            if field.type == "integer" and not -INT32 <= number < INT32:
                return self.env._("the number is far too large.")
        elif field.type == "selection":
            choices = dict(field._description_selection(self.env))
            if value not in choices:
                return self.env._("choose one of %(choices)s.", choices=", ".join(choices.values()))
        elif field.type in ("date", "datetime"):
            convert = fields.Date.to_date if field.type == "date" else fields.Datetime.to_datetime
            try:
                convert(value)
            except (TypeError, ValueError, OverflowError):
                return self.env._("type a date, e.g. 2026-05-31.")
        elif field.type == "many2one":
            record_id = value.get("id") if isinstance(value, dict) else value
            if not isinstance(record_id, int) or isinstance(record_id, bool):
                return self.env._("choose a record from the list.")
            # sudo: only whether the record exists is read
            if not self.env[field.comodel_name].sudo().browse(record_id).exists():
                return self.env._("it does not exist; choose a record from the list.")
        elif field.type in ("one2many", "many2many"):
            if not self._safety_commands_ok(value):
                return self.env._("choose records from the list.")
        return None

    @api.model
    def _safety_commands_ok(self, commands):
        """Whether ``commands`` is a list of x2many commands (or of ids)."""
        if not isinstance(commands, list | tuple):
            return False

        def is_id(value):
            return isinstance(value, int) and not isinstance(value, bool)

        for command in commands:
            if is_id(command):
                continue
            if not isinstance(command, list | tuple) or not command or not is_id(command[0]):
                return False
            operation = command[0]
            if operation not in range(7):
                return False
            if operation in (1, 2, 3, 4) and (len(command) < 2 or not is_id(command[1])):
                return False
            if operation in (0, 1) and (len(command) < 3 or not isinstance(command[2], dict)):
                return False
            if operation == 6 and (
                len(command) < 3
                or not isinstance(command[2], list | tuple)
                or not all(is_id(id_) for id_ in command[2])
            ):
                return False
        return True

    @api.model
    def _safety_has_value(self, field, value):
        # 0 is a number and False a boolean: values the database takes
        if field.type in ("boolean", "integer", "float", "monetary"):
            return value is not None and (value is not False or field.type == "boolean")
        return bool(value)

    @api.model
    def _safety_check_required(self, vals):
        """A required value that nothing will fill in is named here, rather
        than refused by the database's NOT NULL constraint."""
        if self.env.su:
            return
        missing = [
            name
            for name, field in self._fields.items()
            if field.required
            and field.store
            and not field.compute
            and not self._safety_has_value(field, vals.get(name))
        ]
        defaults = self.default_get(missing) if missing else {}
        for name in missing:
            if not self._safety_has_value(self._fields[name], defaults.get(name)):
                field = self._fields[name]
                raise ValidationError(
                    self.env._(
                        "“%(field)s” is required: choose or type a value for it.",
                        field=field._description_string(self.env),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._safety_check_system_input(vals, creating=True)
            self._safety_check_input(vals)
            self._safety_check_required(vals)
        return super().create(vals_list)

    @api.model
    def load(self, fields, data):
        """An import names each bad row once. When a batch fails, core also
        repeats the batch's error as if it were its first row's, even when
        that row is fine: that copy goes."""
        result = super().load(fields, data)
        messages = result.get("messages") or []
        if len(messages) > 1 and messages[0].get("type") == "error":
            first = messages[0]
            if any(
                other.get("message") == first.get("message")
                and other.get("record") != first.get("record")
                for other in messages[1:]
            ):
                result["messages"] = messages[1:]
        return result

    def write(self, vals):
        self._safety_check_system_input(vals)
        self._safety_check_input(vals)
        return super().write(vals)
