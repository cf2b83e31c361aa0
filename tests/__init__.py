from . import test_access
from . import test_confidentiality
from . import test_erasure
from . import test_http
from . import test_partner_lead
from . import test_phone
from . import test_safety_plan
from . import test_ui
