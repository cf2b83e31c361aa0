from odoo import api, models
from odoo.orm.models import regex_order_part_read_group
from odoo.tools import SQL


class SafetySelectionOrderMixin(models.AbstractModel):
    """Groups of the selection fields named in ``_safety_ordered_selections``
    come in the order the selection lists its values (risk levels lowest to
    highest, on time before overdue or late), not alphabetically by key: a
    graph's bars, its stacked series (whose colours follow their order), a
    pivot's columns and a list's groups read the same way everywhere."""

    _name = "safety.selection.order.mixin"
    _description = "Safety Planning: selection groups in their own order"

    # names of stored selection fields whose groups follow the selection's order
    _safety_ordered_selections = ()

    @api.model
    def _read_group_orderby(self, order, groupby_terms, query):
        ordered = set(self._safety_ordered_selections) & set(groupby_terms)
        if not ordered:
            return super()._read_group_orderby(order, groupby_terms, query)
        order = order or ",".join(groupby_terms)
        terms = []
        for part in order.split(","):
            match = regex_order_part_read_group.fullmatch(part)
            term = match and match["term"]
            if term not in ordered:
                terms.append(super()._read_group_orderby(part, groupby_terms, query))
                continue
            keys = [key for key, _label in self._fields[term]._description_selection(self.env)]
            direction = SQL("DESC") if (match["direction"] or "").upper() == "DESC" else SQL("ASC")
            # array_position() of a value not listed (NULL) is NULL: sorted last
            terms.append(
                SQL(
                    "array_position(%s::varchar[], %s::varchar) %s",
                    keys,
                    groupby_terms[term],
                    direction,
                )
            )
        return SQL(", ").join(terms)
