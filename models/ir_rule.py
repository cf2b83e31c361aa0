from odoo import models
from odoo.exceptions import AccessError, MissingError


class SafetyRecordMissingError(MissingError, AccessError):
    """A record rule's refusal of a survivor's record, said as Odoo says that
    a record does not exist: same class name for the client (the web client
    shows its "Missing Record" answer, as for a made-up id), same words. It
    still is an AccessError for the code that catches one."""


# the name the web client and JSON-RPC callers read: Odoo's own MissingError
SafetyRecordMissingError.__module__ = MissingError.__module__
SafetyRecordMissingError.__name__ = MissingError.__name__
SafetyRecordMissingError.__qualname__ = MissingError.__qualname__


class IrRule(models.Model):
    _inherit = "ir.rule"

    def _make_access_error(self, operation, records):
        """Refusals about a survivor's records name nothing and tell nothing:
        in debug mode core lists the refused records' names (computed as
        superuser) and the rules that refused them, and its "top-secret
        records" page would say that the id exists. The answer is the one a
        missing record gets."""
        if records._safety_holds_survivor_data():
            return SafetyRecordMissingError(
                "\n".join(
                    [
                        self.env._("Record does not exist or has been deleted."),
                        self.env._(
                            "(Record: %(record)s, User: %(user)s)",
                            record=records[:1],
                            user=self.env.uid,
                        ),
                    ]
                )
            )
        return super()._make_access_error(operation, records)
