from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tools.misc import format_date


def check_not_blank(records, *field_names):
    """Refuse required texts made of blanks only, which the ORM stores as values."""
    for record in records:
        for name in field_names:
            if not (record[name] or "").strip():
                raise ValidationError(
                    record.env._(
                        "Fill in “%(field)s”: it is required and can't be left blank.",
                        field=record._fields[name]._description_string(record.env),
                    )
                )


def check_installed_lang(records, field_name="lang"):
    """Refuse a language that is not installed: the ORM takes any code for a
    selection computed from the installed languages."""
    installed = dict(records.env["res.lang"].get_installed())
    for record in records:
        if record[field_name] and record[field_name] not in installed:
            raise ValidationError(
                record.env._(
                    "“%(field)s” can't be “%(code)s”: choose one of %(languages)s.",
                    field=record._fields[field_name]._description_string(record.env),
                    code=record[field_name],
                    languages=", ".join(installed.values()),
                )
            )


def check_birthdate_not_future(records, field_name="birthdate"):
    """Refuse a date of birth in the future, naming the person."""
    today = fields.Date.context_today(records)
    for record in records:
        if record[field_name] and record[field_name] > today:
            raise ValidationError(
                record.env._(
                    "The Date of Birth %(date)s of %(name)s is in the future: correct it, "
                    "or leave it empty if it is not known.",
                    date=format_date(record.env, record[field_name]),
                    name=record.name,
                )
            )
