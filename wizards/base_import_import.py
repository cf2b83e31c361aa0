from odoo import models

from odoo.addons.base_import.models.base_import import ImportValidationError

# an import of a safety model that skips bad rows runs again without the rows
# it found bad; each run may find more (core stops listing after 10 errors)
SKIP_PASSES = 20


def _nth_kept(index, dropped):
    """The original index of the ``index``-th entry left once ``dropped``
    (original indexes) are taken out."""
    original = -1
    for _kept in range(index + 1):
        original += 1
        while original in dropped:
            original += 1
    return original


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

    def _convert_import_data(self, fields, options):
        data, import_fields = super()._convert_import_data(fields, options)
        dropped = self.env.context.get("safety_import_dropped_rows")
        if dropped:
            data = [row for index, row in enumerate(data) if index not in dropped]
        return data, import_fields

    def execute_import(self, fields, columns, options, dryrun=False):
        """For safety models, "Skip record" (the web client's
        ``import_skip_records`` option, on any column) means: import the good
        rows and report every bad row with its line and field, whatever made
        it bad. Core would skip only the rows whose value in that column
        does not match, and silently; a bad row found by ``create`` (a
        review interval of 0) would still roll the whole file back.

        Each pass runs in core's savepoint and writes nothing when it finds
        an error; the rows it blames are taken out and the file is imported
        again, so nothing of a bad row is ever written."""
        self.ensure_one()
        if not (self.res_model or "").startswith("safety.") or not options.get(
            "import_skip_records"
        ):
            return super().execute_import(fields, columns, options, dryrun=dryrun)
        # the rows are skipped here, each with its message: core's own skip
        # would drop them before they can be reported
        options = dict(options, import_skip_records=[])
        dropped_rows, dropped_records, reported = set(), set(), []

        def original(message):
            # the pass saw the file without the rows dropped so far
            message = dict(message)
            if "rows" in message:
                message["rows"] = {
                    "from": _nth_kept(message["rows"]["from"], dropped_rows),
                    "to": _nth_kept(message["rows"]["to"], dropped_rows),
                }
            if "record" in message:
                message["record"] = _nth_kept(message["record"], dropped_records)
            return message

        for _pass in range(SKIP_PASSES):
            result = super(
                BaseImportImport,
                self.with_context(safety_import_dropped_rows=frozenset(dropped_rows)),
            ).execute_import(fields, columns, dict(options), dryrun=dryrun)
            errors = [message for message in result["messages"] if message["type"] == "error"]
            if not errors or any("rows" not in message for message in errors):
                # done, or an error about the whole file (a missing column):
                # no row to skip, the file is refused as core refuses it
                break
            blamed = [original(message) for message in errors]
            for message in blamed:
                rows = message["rows"]
                dropped_rows.update(range(rows["from"], rows["to"] + 1))
                if "record" in message:
                    dropped_records.add(message["record"])
            # the bad row is skipped, not refused: reported as a warning so
            # that the good rows still go in
            reported += [dict(message, type="warning") for message in blamed]
        if result.get("nextrow"):
            skip = options.get("skip") or 0
            result["nextrow"] = skip + _nth_kept(result["nextrow"] - skip, dropped_rows)
        # one message per bad row and field, in file order
        result["messages"] = sorted(reported, key=lambda message: message["rows"]["from"]) + [
            original(message) for message in result["messages"]
        ]
        return result
