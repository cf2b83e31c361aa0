import importlib.util

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path

MODULE = "victim_safety_planning"


def run_migration(env, name):
    path = file_path(f"{MODULE}/migrations/19.0.2.2.0/{name}.py")
    spec = importlib.util.spec_from_file_location(f"vsp_{name.replace('-', '_')}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.migrate(env.cr, "19.0.2.1.0")
    env.invalidate_all()


@tagged("post_install", "-at_install")
class TestMigration1902(TransactionCase):
    """What an upgrade from 19.0.2.1.0 does to data a fresh install gets from
    its data files or its post-init hook."""

    def test_starter_steps_get_their_neutral_wordings(self):
        escape = self.env.ref(f"{MODULE}.safety_step_template_home_exits")
        signal = self.env.ref(f"{MODULE}.safety_step_template_home_signal")
        shipped = escape.discreet_name
        self.assertTrue(shipped)
        escape.discreet_name = False
        signal.discreet_name = "Nuestra señal con la vecina"
        run_migration(self.env, "post-discreet-wordings")
        self.assertEqual(escape.discreet_name, shipped)
        self.assertEqual(
            signal.discreet_name, "Nuestra señal con la vecina", "an agency's own kept"
        )

    def test_lead_enrichment_switched_to_manual(self):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("crm.iap.lead.enrich.setting", "auto")
        run_migration(self.env, "post-lead-enrichment")
        self.assertEqual(params.get_param("crm.iap.lead.enrich.setting"), "manual")
