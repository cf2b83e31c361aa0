from odoo.exceptions import ValidationError


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
