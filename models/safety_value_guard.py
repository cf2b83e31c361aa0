import math
from collections.abc import Mapping
from datetime import date, datetime

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import html2plaintext

from .safety_plan import MAX_DAYS

MODULE = "victim_safety_planning"
INT4 = (-(2**31), 2**31 - 1)
DATE_RANGE = (date(1900, 1, 1), date(2200, 12, 31))
# what a text is for decides its length: a step is a sentence or a paragraph, a
# note a few pages; the rest falls back on the limit of its kind (doc/integrity.md)
TEXT_LIMITS = {"char": 1_000, "text": 10_000, "html": 100_000}
FIELD_TEXT_LIMITS = {
    "safety.plan.step.name": 500,
    "safety.plan.step.description": 5_000,
    "safety.step.template.name": 500,
    "safety.leave.item.name": 200,
    "safety.survivor.safe_contact_notes": 2_000,
    "safety.survivor.safe_contact_times": 200,
    "safety.emergency.contact.code_word": 100,
    "safety.plan.notes": 50_000,
}
X2MANY_COMMANDS = range(7)


class CheckedValues(dict):
    """Values checked here already, copied from the caller's: overrides
    further down the same call don't check them again."""


def _is_int(value):
    # Command members are ints; booleans are not ids nor numbers
    return isinstance(value, int) and not isinstance(value, bool)


class Base(models.AbstractModel):
    """Values of their field's type only, on every safety model and wizard and
    on the addon's Settings: checked once here, before the ORM converts them
    (it stores the word "no" in a boolean as True and hands the database an
    integer it can't hold)."""

    _inherit = "base"

    @api.model_create_multi
    def create(self, vals_list):
        if self._safety_guards_values("create"):
            self._safety_check_values_list(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if self._safety_guards_values("write"):
            self._safety_check_values_list([vals])
            self._safety_check_unchanged_since_read(vals)
        return super().write(vals)

    @api.model
    def _safety_guards_values(self, operation):
        """Whether values sent to this model are checked here: O(1) for every
        other app's models; the superuser is server code; a user without the
        access right gets core's refusal, as for any model."""
        return (
            (self._name.startswith("safety.") or self._name == "res.config.settings")
            and not self.env.su
            and self.env["ir.model.access"].check(self._name, operation, raise_exception=False)
        )

    @api.model
    def _safety_own_values(self, vals_list, operation):
        """For overrides that prepare values before ``super()``: the values
        checked (the check below runs first, whichever override calls it) and
        copied, so that the caller's dicts are never changed (an import retries
        a failed batch row by row with the same dicts)."""
        if self._safety_guards_values(operation):
            self._safety_check_values_list(vals_list)
            return [CheckedValues(vals) for vals in vals_list]
        return [dict(vals) if isinstance(vals, Mapping) else vals for vals in vals_list]

    @api.model
    def _safety_check_values_list(self, vals_list):
        """Raise a ValidationError naming the field and the fix for the first
        value that is not of its field's type or out of its range."""
        if not isinstance(vals_list, list | tuple):
            vals_list = [vals_list]
        settings = self._name == "res.config.settings"
        # ids named by relational values, checked once per field for the batch
        pending = {}
        for vals in vals_list:
            if isinstance(vals, CheckedValues):
                continue
            if not isinstance(vals, Mapping):
                raise ValidationError(
                    self.env._(
                        "Values for %(model)s must be given as field names and values "
                        '(a JSON object such as {"name": "..."}), not as %(kind)s.',
                        model=self._description,
                        kind=type(vals).__name__,
                    )
                )
            for name, value in vals.items():
                field = self._fields.get(name)
                if field is None:
                    raise ValidationError(
                        self.env._(
                            "%(model)s has no field “%(name)s”: leave it out or check its "
                            "spelling.",
                            model=self._description,
                            name=name,
                        )
                    )
                if settings and field._module != MODULE:
                    continue
                problem = self._safety_value_problem(field, value, pending)
                if problem:
                    self._safety_raise_value_error(field, value, problem)
        for field, ids in pending.items():
            problem = self._safety_missing_ids(field, ids)
            if problem:
                self._safety_raise_value_error(field, sorted(ids), problem)

    @api.model
    def _safety_raise_value_error(self, field, value, problem):
        raise ValidationError(
            self.env._(
                "“%(field)s” of %(model)s can't be %(value)s: %(fix)s",
                field=field._description_string(self.env),
                model=self._description,
                value=self._safety_show_value(value),
                fix=problem,
            )
        )

    @api.model
    def _safety_show_value(self, value):
        text = repr(value)
        return text if len(text) <= 40 else text[:37] + "..."

    @api.model
    def _safety_value_problem(self, field, value, pending):
        """What is wrong with ``value`` for ``field`` (the fix, as a sentence),
        or None; the ids of the records it names go to ``pending``."""
        kind = field.type
        if kind == "boolean":
            if value is None or (type(value) in (bool, int) and value in (0, 1)):
                return None
            return self.env._("send true or false (or 1 or 0).")
        if value is False or value is None:
            return None
        if kind == "integer":
            if isinstance(value, float) and math.isfinite(value) and value.is_integer():
                value = int(value)
            minimum, maximum = (0, MAX_DAYS) if "_days" in field.name else INT4
            if not _is_int(value) or not minimum <= value <= maximum:
                return self.env._(
                    "send a whole number from %(minimum)s to %(maximum)s.",
                    minimum=minimum,
                    maximum=maximum,
                )
            return None
        if kind in ("float", "monetary"):
            if type(value) in (int, float) and math.isfinite(value) and abs(value) < 1e15:
                return None
            return self.env._("send a number below a million billion.")
        if kind in ("char", "text", "html"):
            if not isinstance(value, str):
                return self.env._("send text.")
            if field.required and not (html2plaintext(value) if kind == "html" else value).strip():
                raise ValidationError(
                    self.env._(
                        "Fill in “%(field)s”: it is required and can't be left blank.",
                        field=field._description_string(self.env),
                    )
                )
            if "\x00" in value:
                return self.env._("remove the NUL character (\\x00) from the text.")
            limit = text_limit(field)
            if len(value) > limit:
                return self.env._(
                    "it has %(length)s characters and this field takes at most %(limit)s. "
                    "Shorten it, or split it into several entries.",
                    length=len(value),
                    limit=limit,
                )
            return None
        if kind == "selection":
            allowed = field.get_values(self.env)
            if value not in allowed:
                return self.env._("choose one of %(keys)s.", keys=", ".join(map(str, allowed)))
            return None
        if kind in ("date", "datetime"):
            return self._safety_date_problem(field, value)
        if kind == "many2one":
            if isinstance(value, models.BaseModel):
                return None
            if isinstance(value, tuple | Mapping):
                value = value[0] if isinstance(value, tuple) and value else value
                value = value.get("id") if isinstance(value, Mapping) else value
            if not _is_int(value) or value <= 0:
                return self.env._("send the id of a record, a whole number, or false.")
            pending.setdefault(field, set()).add(value)
            return None
        if kind in ("one2many", "many2many"):
            return self._safety_commands_problem(field, value, pending)
        return None

    @api.model
    def _safety_date_problem(self, field, value):
        try:
            if isinstance(value, datetime | date):
                parsed = value
            elif isinstance(value, str) and field.type == "date":
                parsed = fields.Date.to_date(value)
            elif isinstance(value, str):
                parsed = fields.Datetime.to_datetime(value)
            else:
                raise ValueError(value)
        except ValueError:
            parsed = None
        if parsed is None:
            example = "2025-02-28" if field.type == "date" else "2025-02-28 14:30:00"
            return self.env._("send an existing date written as %(example)s.", example=example)
        day = parsed.date() if isinstance(parsed, datetime) else parsed
        if not DATE_RANGE[0] <= day <= DATE_RANGE[1]:
            return self.env._("send a date from 1900-01-01 to 2200-12-31.")
        return None

    @api.model
    def _safety_commands_problem(self, field, value, pending):
        if isinstance(value, models.BaseModel):
            return None
        wrong = self.env._(
            "send a list of commands such as [[4, id]], [[6, 0, [ids]]] or " "[[0, 0, {values}]]."
        )
        if not isinstance(value, list | tuple):
            return wrong
        ids = set()
        for command in value:
            if _is_int(command):
                ids.add(command)
                continue
            if not isinstance(command, list | tuple) or not command:
                return wrong
            code = command[0]
            if not _is_int(code) or code not in X2MANY_COMMANDS:
                return wrong
            if code in (0, 1) and (len(command) < 3 or not isinstance(command[2], Mapping)):
                return wrong
            if code in (1, 2, 3, 4):
                if len(command) < 2 or not _is_int(command[1]) or command[1] <= 0:
                    return wrong
                ids.add(command[1])
            if code == 6:
                if len(command) < 3 or not isinstance(command[2], list | tuple):
                    return wrong
                if not all(_is_int(id_) and id_ > 0 for id_ in command[2]):
                    return wrong
                ids.update(command[2])
        if ids:
            pending.setdefault(field, set()).update(ids)
        return None

    @api.model
    def _safety_missing_ids(self, field, ids):
        records = self.env[field.comodel_name].browse(ids)
        # sudo: existence only; survivor data the caller may not see answers
        # as a missing record does, with the link guard's own refusal
        missing = len(records.sudo().exists()) != len(records)
        confidential = self.env["safety.confidential.mixin"]._safety_confidential_model_names()
        if field.comodel_name in confidential and (
            missing or records._filtered_access("read") != records
        ):
            raise AccessError(
                self.env._(
                    "“%(field)s” names a record that does not exist or that you may "
                    "not see. Choose one from the list.",
                    field=field._description_string(self.env),
                )
            )
        if missing:
            return self.env._("it names a record that does not exist. Choose one from the list.")
        return None

    # two people at once ------------------------------------------------------
    def _safety_check_unchanged_since_read(self, vals):
        """Refuse to overwrite a text someone else changed since the writer
        read it. The client sends what it read in the context key
        ``safety_original``: ``{model: {id: {field: value}}}`` (the web
        client's form does, static/src/views/safety_concurrent_save.js)."""
        originals = self.env.context.get("safety_original")
        if not isinstance(originals, Mapping) or not isinstance(originals.get(self._name), Mapping):
            return
        by_id = originals[self._name]
        for record in self:
            read = by_id.get(str(record.id), by_id.get(record.id))
            if not isinstance(read, Mapping):
                continue
            for name, original in read.items():
                field = self._fields.get(name)
                if name not in vals or not field or field.type not in ("char", "text", "html"):
                    continue
                current, mine = (str(value or "") for value in (record[name], vals[name]))
                if current not in (str(original or ""), mine):
                    raise UserError(
                        self.env._(
                            "“%(field)s” of %(record)s changed since you opened it: "
                            "%(user)s saved it in the meantime, and nothing of yours was "
                            "saved. Their version: «%(theirs)s». Your version: «%(yours)s». "
                            "Copy your text, reload the page and merge it into theirs.",
                            field=field._description_string(self.env),
                            record=record.display_name,
                            user=record.write_uid.name,
                            theirs=self._safety_plain(current, field),
                            yours=self._safety_plain(mine, field),
                        )
                    )

    @api.model
    def _safety_plain(self, text, field):
        text = html2plaintext(text) if field.type == "html" else text
        text = text.strip()
        return text if len(text) <= 2000 else text[:2000] + " [...]"


def text_limit(field):
    """The longest text ``field`` takes (None for other kinds)."""
    return FIELD_TEXT_LIMITS.get(f"{field.model_name}.{field.name}") or TEXT_LIMITS.get(field.type)


def check_printable_lengths(records, field_names):
    """Refuse to print texts longer than their field takes (written before
    the limits existed): a print's time grows faster than one text's length
    (wkhtmltopdf's direction of an inline text), so it stays bounded."""
    for record in records:
        for name in field_names:
            field = record._fields[name]
            limit = text_limit(field)
            if limit and len(record[name] or "") > limit:
                raise UserError(
                    record.env._(
                        "“%(field)s” of %(record)s has %(length)s characters: shorten it to "
                        "%(limit)s or fewer (split it into several entries) to print.",
                        field=field._description_string(record.env),
                        record=record.display_name,
                        length=len(record[name]),
                        limit=limit,
                    )
                )
