"""Starter steps are noupdate data: a database installed before 19.0.2.2.0
gets their new neutral wordings (``discreet_name``) from the data file here,
or every starter step would print as text the advocate typed. A wording an
agency has already written is kept."""

from lxml import etree

from odoo import SUPERUSER_ID, api
from odoo.tools.misc import file_path


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    path = file_path("victim_safety_planning/data/safety_step_template_data.xml")
    for record in etree.parse(path).iterfind(".//record[@model='safety.step.template']"):
        field = record.find("field[@name='discreet_name']")
        template = env.ref(f"victim_safety_planning.{record.get('id')}", raise_if_not_found=False)
        if field is not None and template and not template.discreet_name:
            template.discreet_name = field.text
