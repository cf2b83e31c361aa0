from . import report_safety_plan
from . import report_safety_referral
