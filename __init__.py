from . import controllers
from . import models
from . import reports
from . import wizards


def _safety_post_init(env):
    env["res.config.settings"]._safety_lead_enrichment_off()
