from . import safety_erase_wizard
