from odoo import models
from odoo.exceptions import AccessError
from odoo.tools.translate import LazyTranslate

# core's words, translated as core translates them
_lt = LazyTranslate("base")

# Models whose records may belong to a survivor's record (a plan's attachment,
# message): in debug mode core names the refused records (a file's name).
SHARED_RECORD_MODELS = ("ir.attachment", "mail.message")


class IrRule(models.Model):
    _inherit = "ir.rule"

    def _make_access_error(self, operation, records):
        """For attachments and messages, of every app alike, the refusal is
        core's own in its words without debug mode: debug mode would list
        the refused records' names (a plan's file name). Same class and
        words for a survivor's attachment and for any other."""
        error = super()._make_access_error(operation, records)
        user = self.env.user
        if records._name not in SHARED_RECORD_MODELS or not (
            user.has_group("base.group_no_one") and user._is_internal()
        ):
            return error
        env = self.with_context(**user.context_get()).env
        operations = {
            "read": _lt("read"),
            "write": _lt("write"),
            "create": _lt("create"),
            "unlink": _lt("unlink"),
        }
        model = records._name
        description = env["ir.model"]._get(model).name or model
        operation_error = env._(
            _lt(
                "Uh-oh! Looks like you have stumbled upon some top-secret records.\n\n"
                "Sorry, %(user)s doesn't have '%(operation)s' access to:",
                user=f"{user.name} (id={user.id})",
                operation=env._(operations[operation]),
            )
        )
        failing_model = env._(
            _lt("- %(description)s (%(model)s)", description=description, model=model)
        )
        resolution_info = env._(
            _lt(
                "If you really, really need access, perhaps you can win over your friendly "
                "administrator with a batch of freshly baked cookies."
            )
        )
        return AccessError(f"{operation_error}\n{failing_model}\n\n{resolution_info}")
