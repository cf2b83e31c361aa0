from . import report_safety_plan
