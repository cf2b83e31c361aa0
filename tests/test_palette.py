"""One colour per risk level and plan status: every badge of a level or a
status says it in the same tone on the form, the list and the kanban."""

from lxml import etree

from odoo.tests import TransactionCase, tagged

from ..models.safety_palette import INCIDENT_KIND_TONES, RISK_LEVEL_TONES


@tagged("post_install", "-at_install")
class TestPalette(TransactionCase):
    def _badges(self, model, view_type, field_name, nested=False):
        arch = etree.fromstring(self.env[model].get_view(view_type=view_type)["arch"])
        nodes = arch.xpath(f"//field[@name='{field_name}']")
        return [
            node
            for node in nodes
            if (node.get("widget") == "badge" or node.getparent().tag == "list")
            and nested == any(a.tag == "field" for a in node.iterancestors())
        ]

    @staticmethod
    def _tone(node, value):
        """The tone a badge gives ``value``: the decoration whose expression
        names it (the palette writes ``field in [...]``)."""
        tones = [
            name.removeprefix("decoration-")
            for name, expression in node.attrib.items()
            if name.startswith("decoration-") and f"'{value}'" in expression
        ]
        return tones[0] if len(tones) == 1 else tones

    def test_risk_levels_agree_everywhere(self):
        badges = []
        for view_type in ("form", "list", "kanban"):
            badges += self._badges("safety.plan", view_type, "risk_level")
        badges += self._badges("safety.risk.assessment", "form", "computed_level")
        self.assertGreaterEqual(len(badges), 4, "form, list, kanban and the checklist")
        for node in badges:
            for value, tone in RISK_LEVEL_TONES.items():
                self.assertEqual(self._tone(node, value), tone, f"{value} on {node.attrib}")
        self.assertEqual(RISK_LEVEL_TONES["high"], "danger", "danger in danger colours")
        self.assertEqual(RISK_LEVEL_TONES["critical"], "danger")

    def test_plan_states_agree_and_stay_on_the_plan(self):
        for node in self._badges("safety.plan", "list", "state"):
            self.assertEqual(self._tone(node, "active"), "success")
            self.assertEqual(self._tone(node, "closed"), "muted")
        # the state of an embedded list on the plan form is another model's
        for node in self._badges("safety.plan", "form", "state", nested=True):
            self.assertFalse(self._tone(node, "closed"), node.attrib)

    def test_order_violations_in_danger_colours(self):
        badges = self._badges("safety.incident", "list", "kind")
        self.assertTrue(badges)
        for node in badges:
            for value, tone in INCIDENT_KIND_TONES.items():
                self.assertEqual(self._tone(node, value), tone)
        self.assertEqual(INCIDENT_KIND_TONES["order_violation"], "danger")
