"""One colour per risk level and plan status on every screen: the badges of
forms, lists and kanbans take their decorations from here, whatever a view
says (static/src/safety_colors.js gives graphs and the dashboard the same
colours in hex)."""

from odoo import api, models

# Bootstrap tones (decoration-*) per value: danger in danger colours
RISK_LEVEL_TONES = {
    "critical": "danger",
    "high": "danger",
    "medium": "warning",
    "low": "success",
    "none": "muted",
    "not_assessed": "info",
}
PLAN_STATE_TONES = {"draft": "info", "active": "success", "closed": "muted"}
INCIDENT_KIND_TONES = {"order_violation": "danger", "incident": "warning", "near_miss": "info"}
# (model, field) -> tones; a model of None: every safety model with the field
PALETTES = {
    (None, "risk_level"): RISK_LEVEL_TONES,
    (None, "computed_level"): RISK_LEVEL_TONES,
    (None, "judgement_level"): RISK_LEVEL_TONES,
    ("safety.plan", "state"): PLAN_STATE_TONES,
    ("safety.incident", "kind"): INCIDENT_KIND_TONES,
}
DECORATIONS = ("danger", "warning", "success", "info", "muted", "primary", "secondary")


def palette_for(model_name, field_name):
    return PALETTES.get((model_name, field_name)) or PALETTES.get((None, field_name))


def decoration_attributes(field_name, tones):
    """The ``decoration-<tone>`` attributes giving ``field_name`` its tone."""
    values_by_tone = {}
    for value, tone in tones.items():
        values_by_tone.setdefault(tone, []).append(value)
    return {
        f"decoration-{tone}": f"{field_name} in {values!r}"
        for tone, values in values_by_tone.items()
    }


class Base(models.AbstractModel):
    _inherit = "base"

    @api.model
    def _get_view(self, view_id=None, view_type="form", **options):
        arch, view = super()._get_view(view_id, view_type, **options)
        if view_type in ("form", "list", "kanban") and self._name.startswith("safety."):
            self._safety_apply_palette(arch)
        return arch, view

    @api.model
    def _safety_apply_palette(self, arch):
        """Decorate every badge of a level or status after the palette."""
        for node in arch.iter("field"):
            name = node.get("name")
            # a field of an embedded list belongs to another model: only the
            # palettes of every model apply to it
            nested = any(ancestor.tag == "field" for ancestor in node.iterancestors())
            tones = palette_for(None if nested else self._name, name)
            in_list = node.getparent() is not None and node.getparent().tag == "list"
            if not tones or (node.get("widget") != "badge" and not in_list):
                continue
            for tone in DECORATIONS:
                node.attrib.pop(f"decoration-{tone}", None)
            node.attrib.update(decoration_attributes(name, tones))
