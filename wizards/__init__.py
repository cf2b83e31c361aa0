from . import safety_card_print_wizard
from . import safety_erase_wizard
from . import safety_lead_refer_wizard
from . import safety_risk_raise_wizard
from . import safety_plan_print_wizard
from . import safety_referral_send_wizard
from . import safety_directory_wizard
from . import base_import_import
