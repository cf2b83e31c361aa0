import functools
import hashlib
import hmac
import re
import threading
from contextvars import ContextVar

from odoo import api, models, tools
from odoo.exceptions import AccessError, MissingError, ValidationError
from odoo.http import request
from odoo.service.server import thread_local
from odoo.tools import SQL

MODULE = "victim_safety_planning"

# the name an import gives a survivor's record: a keyed hash, no person's name
OPAQUE_XMLID_RE = re.compile(r"safety_[0-9a-f]{32}")

# Group-bys that count records without naming one: by year, month, week...
COARSE_GRANULARITIES = frozenset(
    {"", "year", "quarter", "month", "week", "quarter_number", "month_number"}
    | {"iso_week_number", "day_of_week", "hour_number"}
)
STATISTIC_AGGREGATES = frozenset({"count", "count_distinct", "sum", "avg"})

# Set while a record is read: its lines and names come through that read's rules.
_READING = ContextVar("safety_reading", default=False)

# Set while the person's own call runs, so that the reads Odoo makes inside it
# (the survivor shown in a plan's form, an x2many's rows) log nothing.
_LOGGED_CALL = ContextVar("safety_access_logged_call", default=False)


def _unfolded_ids(groups):
    """Ids of the records a web_read_group's result holds, in every group."""
    if isinstance(groups, dict):
        ids = [values["id"] for values in groups.get("__records") or ()]
        return ids + _unfolded_ids(groups.get("groups") or groups.get("__groups") or [])
    return [id_ for group in groups for id_ in _unfolded_ids(group)]


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
    _inherit = ["safety.link.guard.mixin"]

    @api.model
    @tools.ormcache(cache="stable")
    def _safety_confidential_model_names(self):
        """Names of every model holding survivor data."""
        # every app's hooks ask this: known once per registry, as core's access maps
        return frozenset(
            name
            for name in self.env.registry.descendants(["safety.confidential.mixin"], "_inherit")
            if not self.env[name]._abstract
        )

    @api.model
    def _safety_placeholder_name(self):
        return self.env._("Confidential")

    # one rule: a record a member may not read is a missing record ---------------
    # Users outside the Safety Planning groups have no access right on these
    # models: core refuses them at the model, before any id is looked at, the
    # same for an existing and a made-up id. Inside the groups, record rules
    # decide; a record they hide answers exactly as a record that does not
    # exist, with core's own MissingError and words (core's fetch() drops
    # missing ids silently, so read(), get_metadata(), exports... return
    # nothing for it), never with an error of our own.
    def _safety_hides_by_rules(self):
        """Whether records of this model may be hidden from the current user
        by record rules: a member, not superuser, with rules on the model."""
        if self.env.su:
            return False
        if not self.env["ir.model.access"].check(self._name, "read", raise_exception=False):
            return False
        return bool(self.env["ir.rule"]._compute_domain(self._name, "read"))

    def _safety_readable_ids(self, ids):
        """The ids among ``ids`` that exist and the current user may read."""
        # the rules in SQL, archived records included: one query, as exists()
        query = self.with_context(active_test=False)._search([("id", "in", list(ids))])
        return {id_ for [id_] in self.env.execute_query(query.select())}

    def exists(self):
        real_ids = [id_ for id_ in self._ids if isinstance(id_, int)]
        if not real_ids or not self._safety_hides_by_rules():
            return super().exists()
        # found by the rules means it exists: one query, as core's
        readable = self._safety_readable_ids(real_ids)
        return self.browse(id_ for id_ in self._ids if not isinstance(id_, int) or id_ in readable)

    def _check_access(self, operation):
        try:
            result = super()._check_access(operation)
        except MissingError:
            # core reads the records to apply the rules: made-up ids raise
            if not self._safety_hides_by_rules():
                raise
            result = (self, None)
        if result is None or not self._safety_hides_by_rules():
            return result
        forbidden = result[0]
        real_ids = [id_ for id_ in forbidden._ids if isinstance(id_, int)]
        readable = self._safety_readable_ids(real_ids) if real_ids else set()
        hidden = forbidden.browse(id_ for id_ in real_ids if id_ not in readable)
        if not hidden:
            return result
        if result[1] is None:
            # core stopped at a made-up id: ask it about the records that exist
            rest = self.browse(id_ for id_ in self._ids if id_ in readable)
            rest_result = super(SafetyConfidentialMixin, rest)._check_access(operation)
            forbidden = hidden | (rest_result[0] if rest_result else self.browse())
        # hidden and made-up ids alike: refused as missing (check_access
        # raises core's MissingError, has_access says no, _filtered_access
        # leaves them out, mail refuses their messages as any app's)
        return forbidden, functools.partial(hidden._safety_missing_error)

    def _safety_missing_error(self):
        """Core's answer for an id that does not exist (fields.py)."""
        return MissingError(
            "\n".join(
                [
                    self.env._("Record does not exist or has been deleted."),
                    self.env._(
                        "(Record: %(record)s, User: %(user)s)",
                        record=self[:1],
                        user=self.env.uid,
                    ),
                ]
            )
        )

    # display names ------------------------------------------------------------
    @api.depends_context("uid")
    def _compute_display_name(self):
        result = super()._compute_display_name()
        for record in self:
            name = record._safety_display_name()
            if name:
                record.display_name = name
        self._safety_mask_display_names()
        return result

    def _safety_display_name(self):
        """Hook: the record's name when it is made of more than its name
        field (its models declare the fields it depends on), else False."""
        return False

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
        reader = records.with_env(self.env(su=False)).with_context(active_test=False)
        readable = records.browse()
        if reader.browse().has_access("read"):
            # the rules in SQL: one query, where evaluating them on the records reads their links
            readable = reader.search([("id", "in", records.ids)]).with_env(self.env)
        placeholder = self._safety_placeholder_name()
        for record in records - readable:
            record.display_name = placeholder

    # access history -------------------------------------------------------------
    # A line is written for what a person asked for, not for the reads Odoo
    # makes to serve it: the request's own top-level call (the RPC's model and
    # method) is the access; everything it calls in turn adds nothing.
    def _safety_log_access(self, action):
        """Write one access-log line per record, no values."""
        if self:
            self.env["safety.access.log"]._log(self, action)

    def _safety_log_select(self):
        """SQL selecting, for each record, its id, its company and the ids of
        the plan and the survivor whose file it is part of: what a line
        keeps, read in the INSERT that writes the lines (no ORM fetch)."""
        # sudo: only ids are read, to file the line (a card scan comes from
        # the public, a print may name records the printer reads through a plan)
        records = self.sudo()
        plan_path = self._safety_plan_path()
        link = plan_path.split(".")[0] if plan_path and "." in plan_path else None
        own = [name for name in ("company_id", "plan_id", "survivor_id", link) if name]
        records.flush_recordset([name for name in own if name in self._fields])
        self.env["safety.plan"].flush_model(["survivor_id"])
        query = records._as_query(ordered=False)
        alias = records._table

        def column(name, table=alias):
            return SQL.identifier(table, name)

        null = SQL("NULL::int")
        company_field = self._fields.get("company_id")
        company = column("company_id") if company_field and company_field.store else null
        if self._name == "safety.survivor":
            return query.select(column("id"), company, null, column("id"))
        if self._name == "safety.plan":
            return query.select(column("id"), company, column("id"), column("survivor_id"))
        plan = null
        if plan_path == "plan_id":
            plan = column("plan_id")
        elif link:
            comodel = self.env[self._fields[link].comodel_name]
            comodel.flush_model(["plan_id"])
            link_alias = query.make_alias(alias, link)
            query.add_join(
                "LEFT JOIN",
                link_alias,
                comodel._table,
                SQL("%s = %s", column("id", link_alias), column(link)),
            )
            plan = column("plan_id", link_alias)
        survivor_field = self._fields.get("survivor_id")
        if (
            survivor_field
            and survivor_field.store
            and survivor_field.comodel_name == "safety.survivor"
        ):
            survivor = column("survivor_id")
        elif plan is not null:
            plan_alias = query.make_alias(alias, "safety_log_plan")
            query.add_join(
                "LEFT JOIN",
                plan_alias,
                "safety_plan",
                SQL("%s = %s", column("id", plan_alias), plan),
            )
            survivor = column("survivor_id", plan_alias)
        else:
            survivor = null
        return query.select(column("id"), company, plan, survivor)

    @api.model
    def _safety_plan_path(self):
        """The path from a record of this model to its plan: ``plan_id``, or
        through a many2one to a model that has one (an answer's assessment)."""
        field = self._fields.get("plan_id")
        if field and field.comodel_name == "safety.plan":
            return "plan_id"
        for name, field in self._fields.items():
            if field.type == "many2one" and field.comodel_name in self.env:
                parent = self.env[field.comodel_name]._fields.get("plan_id")
                if parent and parent.comodel_name == "safety.plan":
                    return f"{name}.plan_id"
        return None

    @api.model
    def _safety_request_call(self):
        """``(model, method, channel)`` of the call the person made in this
        request: a call of the web client (``web``: /web/dataset/call_kw and
        call_button) or of an API client (``api``: /json/2, XML-RPC,
        JSON-RPC); ``None`` outside a request or for other routes (chatter,
        reports, downloads log where they happen)."""
        if request:
            path = request.httprequest.path
            # set by the dispatcher, before the endpoint runs
            params = getattr(request, "params", None) or {}
            if path.startswith(("/web/dataset/call_kw", "/web/dataset/call_button")):
                return params.get("model"), params.get("method"), "web"
            if path.startswith("/json/2/"):
                return params.get("__model__"), params.get("__method__"), "api"
            return None
        # /xmlrpc/2/object and /jsonrpc serve the call without a request
        # (odoo.http.dispatch_rpc borrows it) and name it here, in
        # odoo.service.model.execute_cr; each HTTP request resets it
        model_method = getattr(thread_local, "rpc_model_method", "")
        if model_method and getattr(threading.current_thread(), "uid", None):
            model, _dot, method = model_method.rpartition(".")
            return model, method, "api"
        return None

    def _safety_requested_channel(self, method):
        """``web`` or ``api`` when ``method`` on this model is the call the
        person made (not one Odoo makes inside it), else ``None``."""
        if _LOGGED_CALL.get():
            return None
        call = self._safety_request_call()
        if call and call[0] == self._name and call[1] == method:
            return call[2]
        return None

    def _safety_is_requested(self, method):
        """Whether this call is the one a person made, not a read Odoo makes
        for it (the survivor shown in a plan's form, a kanban's records)."""
        return bool(self._safety_requested_channel(method))

    def _safety_logged_read(self, method, read, action=None, ids_of=None, web=True):
        """Run ``read()`` (the method's super call) and, when it is the
        person's own call, log the records ``ids_of(result)`` names (by
        default those whose values it returns); reads nested in it log
        nothing. Without ``web``, calls of the web client (lists, kanbans,
        groups) log nothing either: only an API client's."""
        channel = self._safety_requested_channel(method)
        if not channel or (channel == "web" and not web):
            return read()
        token = _LOGGED_CALL.set(True)
        try:
            result = read()
        finally:
            _LOGGED_CALL.reset(token)
        ids = ids_of(result) if ids_of else [values["id"] for values in result if values.get("id")]
        self.browse(ids)._safety_log_access(action or ("open" if channel == "web" else "read"))
        return result

    @api.model
    def _safety_groups_reveal(self, groupby, aggregates):
        """Whether groups by ``groupby`` with ``aggregates`` hand back values
        of the records (a survivor by name, a date of birth), not counts by
        state, by advocate or by month."""
        for spec in groupby:
            name, _dot, granularity = spec.partition(":")
            field = self._fields.get(name.split(".")[0])
            if not field or "." in name:
                return True
            if field.type in ("selection", "boolean"):
                continue
            if field.type == "many2one" and field.comodel_name in ("res.users", "res.company"):
                continue
            if field.type in ("date", "datetime") and granularity in COARSE_GRANULARITIES:
                continue
            return True
        for spec in aggregates:
            function = spec.rpartition(":")[2].split("(")[0]
            if spec != "__count" and function not in STATISTIC_AGGREGATES:
                return True
        return False

    def _safety_logged_groups(self, method, read, domain, groupby, aggregates):
        """A grouped read by an API client is logged, for every record it
        groups, when its groups hand back survivor data."""
        if not self._safety_groups_reveal(groupby, aggregates):
            return read()
        return self._safety_logged_read(
            method, read, "read", ids_of=lambda result: self.search(domain).ids, web=False
        )

    @api.model
    @api.readonly
    def web_search_read(
        self, domain, specification, offset=0, limit=None, order=None, count_limit=None
    ):
        # the records found passed the rules: reading them checks nothing again
        token = _READING.set(True)
        try:
            return self._safety_logged_read(
                "web_search_read",
                lambda: super(SafetyConfidentialMixin, self).web_search_read(
                    domain, specification, offset, limit, order, count_limit
                ),
                "read",
                ids_of=lambda result: [values["id"] for values in result["records"]],
                web=False,
            )
        finally:
            _READING.reset(token)

    @api.model
    @api.readonly
    def formatted_read_group(
        self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None
    ):
        return self._safety_logged_groups(
            "formatted_read_group",
            lambda: super(SafetyConfidentialMixin, self).formatted_read_group(
                domain, groupby, aggregates, having, offset, limit, order
            ),
            domain,
            groupby,
            aggregates,
        )

    @api.model
    @api.readonly
    def web_read_group(
        self, domain, groupby, aggregates=(), limit=None, offset=0, order=None, **kw
    ):
        # an API client may unfold groups: their records are read too
        def ids_of(result):
            if self._safety_groups_reveal(groupby, aggregates):
                return self.search(domain).ids
            return _unfolded_ids(result)

        return self._safety_logged_read(
            "web_read_group",
            lambda: super(SafetyConfidentialMixin, self).web_read_group(
                domain, groupby, aggregates, limit, offset, order, **kw
            ),
            "read",
            ids_of=ids_of,
            web=False,
        )

    @api.model
    @api.readonly
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        groupby = [groupby] if isinstance(groupby, str) else list(groupby)
        return self._safety_logged_groups(
            "read_group",
            lambda: super(SafetyConfidentialMixin, self).read_group(
                domain, fields, groupby, offset, limit, orderby, lazy
            ),
            domain,
            groupby[:1] if lazy else groupby,
            [spec for spec in fields if ":" in spec],
        )

    @api.readonly
    def web_read(self, specification):
        # a form opened in the web client, or web_read by an API client;
        # lists, kanbans and calendars (web_search_read) are not "opening"
        #
        # A record the user may not read answers as one that does not exist:
        # web_read leaves a missing id out of its result (the web client then
        # says the record cannot be found), so an id a record rule hides is
        # left out too. A member outside the plan's team who opens a
        # survivor's URL gets the very answer of a made-up id, rather than an
        # access error saying the record is there. Users outside the Safety
        # Planning groups have no access right on the model: they get the
        # same access error for every id, existing or not (and the web client
        # stops at the views already).
        if _READING.get():
            # lines and names of records being read: that read applied their rules
            return super().web_read(specification)
        self.env["ir.model.access"].check(self._name, "read")
        # existing and allowed by the rules, in one query (a form's new record is)
        saved = self.filtered(lambda record: isinstance(record.id, int))
        found = saved.with_context(active_test=False).search([("id", "in", saved.ids)])
        readable = (self - saved) | found.with_env(self.env)
        if readable != self:
            if not readable:
                return []
            return readable.web_read(specification)
        token = _READING.set(True)
        try:
            return self._safety_logged_read(
                "web_read", lambda: super(SafetyConfidentialMixin, self).web_read(specification)
            )
        finally:
            _READING.reset(token)

    @api.readonly
    def read(self, fields=None, load="_classic_read"):
        records = self
        # lines of a record being read: that read applied their rules
        if not _READING.get() and self._safety_hides_by_rules():
            # values a superuser's code left in the cache are no answer: a
            # record the rules hide is left out, as a missing one
            records = self.exists()
        return records._safety_logged_read(
            "read", lambda: super(SafetyConfidentialMixin, records).read(fields, load=load), "read"
        )

    @api.model
    @api.readonly
    def search_read(self, domain=None, fields=None, offset=0, limit=None, order=None, **kwargs):
        return self._safety_logged_read(
            "search_read",
            lambda: super(SafetyConfidentialMixin, self).search_read(
                domain, fields, offset=offset, limit=limit, order=order, **kwargs
            ),
            "read",
        )

    # external ids ---------------------------------------------------------------
    def _get_external_ids(self):
        # get_external_id(), get_xml_id(): nothing about a record the caller
        # may not read (a non-member gets core's refusal of the model first)
        if self.env.su:
            return super()._get_external_ids()
        self.browse().check_access("read")
        readable = set(self.exists()._ids)
        return {
            id_: xml_ids if id_ in readable else []
            for id_, xml_ids in super()._get_external_ids().items()
        }

    @api.model
    def _safety_opaque_xmlid(self, model_name, xml_id):
        """The external id an import gives a survivor's record instead of the
        one in the file (often the person's name): a hash of it keyed with
        the database secret, the same at every import of the same file, so
        that a second import updates the records of the first."""
        module, dot, name = xml_id.strip().rpartition(".")
        if not name or (dot and module != "__import__") or OPAQUE_XMLID_RE.fullmatch(name):
            return xml_id
        # sudo: the secret keys the hash; it is never returned
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret") or ""
        digest = hmac.new(
            secret.encode(), f"{model_name}:{name}".encode(), hashlib.sha256
        ).hexdigest()
        return f"__import__.safety_{digest[:32]}"

    @api.model
    def _safety_opaque_import_ids(self, fields, data):
        """``data`` with the external ids of survivor records (the ``id``
        column and ``.../id`` columns pointing at such records) replaced by
        opaque ones. Module data keeps its ids."""
        if self.env.context.get("module", "__import__") != "__import__":
            return data
        confidential = self._safety_confidential_model_names()
        columns = {}
        for index, path in enumerate(fields):
            parts = path.replace(":id", "/id").split("/") if isinstance(path, str) else list(path)
            if not parts or parts[-1] != "id":
                continue
            model = self
            for name in parts[:-1]:
                field = model._fields.get(name)
                if not field or not field.relational:
                    model = None
                    break
                model = self.env[field.comodel_name]
            if model is not None and model._name in confidential:
                columns[index] = model._name
        if not columns:
            return data
        rows = []
        for row in data:
            row = list(row)
            for index, model_name in columns.items():
                if index < len(row) and row[index]:
                    row[index] = ",".join(
                        self._safety_opaque_xmlid(model_name, xml_id)
                        for xml_id in str(row[index]).split(",")
                    )
            rows.append(row)
        return rows

    @api.model
    def load(self, fields, data):
        data = self._safety_opaque_import_ids(fields, data)
        # core repeats a failed batch's error on the batch's first row, even
        # when that row is fine: an import names each bad row once
        result = super().load(fields, data)
        messages = result.get("messages") or []
        first = messages[0] if messages else {}
        if first.get("type") == "error" and any(
            other.get("message") == first.get("message")
            and other.get("record") != first.get("record")
            for other in messages[1:]
        ):
            result["messages"] = messages[1:]
        return result

    def copy_data(self, default=None):
        result = super().copy_data(default)
        # copy_data hands back a record's values: a read when it is the call
        if self._safety_is_requested("copy_data"):
            self._safety_log_access("read")
        return result

    def export_data(self, fields_to_export):
        result = super().export_data(fields_to_export)
        self._safety_log_access("export")
        return result

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = self._safety_own_values(vals_list, "create")
        for vals in vals_list:
            self._safety_check_system_fields(vals, creating=True)
        return super().create(vals_list)

    def write(self, vals):
        vals = self._safety_own_values([vals], "write")[0]
        self._safety_check_system_fields(vals)
        result = super().write(vals)
        self._safety_log_change()
        return result

    @api.model
    def _safety_check_system_fields(self, vals, creating=False):
        """The fields this addon declares read-only (a card's token, a plan's
        reference and dates, a survivor's has-a-plan flag) are set by server
        code only: neither a client's values nor its ``default_*`` context
        keys may set them."""
        if self.env.su:
            return
        refused = [name for name in vals if self._safety_is_system_field(name)]
        if creating:
            # a default may reach a computed or related field through a
            # parent's context: only plain system fields are refused there
            refused += [
                key[8:]
                for key in self.env.context
                if key.startswith("default_")
                and self._safety_is_system_field(key[8:])
                and not (self._fields[key[8:]].compute or self._fields[key[8:]].related)
            ]
        if refused:
            raise ValidationError(
                self.env._(
                    "%(fields)s of %(model)s are set by Odoo, not by hand. Leave them out.",
                    fields=", ".join(
                        f"“{self._fields[name]._description_string(self.env)}”"
                        for name in sorted(set(refused))
                    ),
                    model=self.env["ir.model"]._get(self._name).name,
                )
            )

    @api.model
    def _safety_is_system_field(self, name):
        field = self._fields.get(name)
        return bool(field and field.readonly and field._module == MODULE)

    def _safety_log_change(self):
        """A change the person made through a call on this model (saving the
        form, a button, ``write`` by an API client): one line per record per
        transaction, however many writes the call makes."""
        call = self._safety_request_call()
        if not call or call[0] != self._name:
            return
        # cleared with the transaction: a call retried after a serialization
        # failure logs its change again, in the new transaction
        logged = self.env.cr.precommit.data.setdefault("safety.access.log.changed", set())
        key = (self._name, self.env.uid)
        records = self.filtered(lambda record: record.id and (*key, record.id) not in logged)
        logged.update((*key, record.id) for record in records)
        records._safety_log_access("write")

    def action_safety_access_history(self):
        """The access history of this record's file, for supervisors: a
        survivor's covers their plans and everything on them, a plan's
        everything on it."""
        self.ensure_one()
        if not self.env.user.has_group("victim_safety_planning.group_safety_supervisor"):
            raise AccessError(
                self.env._("Only Safety Planning supervisors can see the access history.")
            )
        self.check_access("read")
        if self._name == "safety.survivor":
            domain = [("survivor_ref", "=", self.id)]
        elif self._name == "safety.plan":
            domain = [("plan_ref", "=", self.id)]
        else:
            domain = [("model", "=", self._name), ("res_id", "=", self.id)]
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "victim_safety_planning.safety_access_log_action"
        )
        action.update(
            name=self.env._("Access History"),
            domain=domain,
            context={"create": False},
        )
        return action
