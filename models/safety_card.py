import base64
import functools
import io
import ipaddress
import re
import secrets
import subprocess
from datetime import timedelta
from urllib.parse import urlsplit

import qrcode

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL
from odoo.tools.misc import format_date

from odoo.addons.base.models.ir_actions_report import _wkhtml
from odoo.addons.base.models.res_partner import _lang_get

from .value_checks import check_installed_lang

CARD_BASE_URL_PARAM = "victim_safety_planning.card_base_url"

# A card front holds this many lines (contacts and hotlines) at a legible size.
MAX_FRONT_ROWS = 6
MAX_PLACES = 3

# Tokens are secrets.token_urlsafe(24): 32 characters of this alphabet. The
# public pages refuse anything else before touching the database.
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{16,64}")

# Words that say what a card is about, in the languages the addon ships
# (English, Spanish, French). A discreet card prints none of them: a name that
# holds one is printed without it, or under the neutral label chosen when
# printing; an address or a code word that holds one is left off.
DISCREET_WORDS = (
    r"violen\w*",
    r"abus\w*",
    r"maltrat\w*",
    r"dom[eé]stic\w*",
    r"conjugal\w*",
    r"dv",
    r"ipv",
    r"assault\w*",
    r"agresi[oó]n\w*",
    r"rape",
    r"viol",
    r"violaci[oó]n",
    r"traffick\w*",
    r"trata",
    r"stalk\w*",
    r"acoso",
    r"harc[eè]lement",
    r"harass\w*",
    r"batter\w*",
    r"v[ií]ctim\w*",
    r"surviv\w*",
    r"sobreviviente\w*",
    r"safe",
    r"safer",
    r"safety",
    r"safely",
    r"seguridad",
    r"s[eé]curit[eé]",
    r"shelter\w*",
    r"refuge\w*",
    r"refugio\w*",
    r"albergue\w*",
    r"h[eé]bergement\w*",
    r"helpline\w*",
    r"hotline\w*",
    r"crisis",
    r"crise",
    r"advoca\w*",
    r"protective",
    r"protection",
    r"restraining",
    r"protecci[oó]n",
    r"defensor\w*",
    r"l[ií]neas?\s+de\s+ayuda",
    r"ligne\s+d['\u2019]\s?[ée]coute",
    r"acogida",
    r"alejamiento",
    r"maltrait\w*",
)
DISCREET_WORDS_RE = re.compile(
    r"(?<!\w)(?:{})(?!\w)".format("|".join(DISCREET_WORDS)), re.IGNORECASE | re.UNICODE
)

# what may separate the parts of a name: hyphen, en and em dashes, , / & + :
SEPARATORS = "\\-\u2013\u2014,/&+:"

LOCAL_HOST_SUFFIXES = (".localhost", ".local", ".localdomain", ".internal", ".lan", ".home.arpa")
# names reserved for examples (RFC 2606): the demo's address is one of them
EXAMPLE_DOMAINS = ("example.org", "example.com", "example.net")
EXAMPLE_SUFFIXES = (".example", ".test", ".invalid")


def is_example_address(url):
    """Whether ``url``'s host is a name reserved for examples: a card
    printed with it works as a demo but its QR code opens nothing."""
    host = (urlsplit((url or "").strip()).hostname or "").rstrip(".").lower()
    return host.endswith(EXAMPLE_SUFFIXES) or any(
        host == domain or host.endswith("." + domain) for domain in EXAMPLE_DOMAINS
    )


@functools.lru_cache(1)
def card_print_scale():
    """CSS millimetres per millimetre of paper in this server's wkhtmltopdf:
    1.3 for builds on an unpatched Qt, which ignore smart-shrinking."""
    try:
        version = subprocess.run(
            [_wkhtml().bin, "--version"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return 1.0
    return 1.0 if "patched qt" in version.lower() else 1.3


def discreet_text(text, extra_phrases=()):
    """``text`` without the words that say what a card is about (and without
    ``extra_phrases``, e.g. the agency's name); False when nothing worth
    printing is left."""
    if not text:
        return False
    for phrase in extra_phrases:
        if phrase:
            text = re.sub(re.escape(phrase), " ", text, flags=re.IGNORECASE)
    text = DISCREET_WORDS_RE.sub(" ", text)
    # tidy what the removed words leave: empty brackets, doubled separators
    text = re.sub(rf"\(\s*[{SEPARATORS}]*\s*\)", " ", text)
    text = re.sub(r"\s+([,;:.)])", r"\1", text)
    text = re.sub(r"\s{2,}", " ", text)
    text = re.sub(rf"([{SEPARATORS}])(\s*[{SEPARATORS}])+", r"\1", text)
    text = text.strip(f" .;{SEPARATORS.replace(chr(92), '')}")
    return text if re.search(r"\w", text) else False


def says_what_it_is(text, extra_phrases=()):
    """Whether ``text`` holds a word a discreet card must not print."""
    if not text:
        return False
    if DISCREET_WORDS_RE.search(text):
        return True
    return any(phrase and phrase.lower() in text.lower() for phrase in extra_phrases)


class SafetyCard(models.Model):
    """A wallet card issued for a plan. Its QR code holds only a URL with a
    random token: whoever finds the card learns nothing about the survivor.
    A plan has one valid card: issuing a new one revokes the previous."""

    _name = "safety.card"
    _description = "Safety Plan Card"
    _inherit = ["safety.plan.child.mixin", "safety.expiry.reminder.mixin"]
    _order = "issue_date desc, id desc"
    _safety_reminder_kind = "card"
    _safety_reminder_activity_type = (
        "victim_safety_planning.mail_activity_type_safety_card_expiring"
    )
    _rec_name = "number"

    token = fields.Char(
        required=True,
        copy=False,
        readonly=True,
        default=lambda self: secrets.token_urlsafe(24),
        groups="victim_safety_planning.group_safety_advocate",
        help="192 random bits: the only thing the QR code carries.",
    )
    number = fields.Char(
        string="Card Number",
        required=True,
        copy=False,
        readonly=True,
        default=lambda self: self._new_number(),
        help="Short number printed on the card, to tell cards apart by phone.",
    )
    issue_date = fields.Date(required=True, default=fields.Date.context_today, readonly=True)
    expiry_date = fields.Date(
        required=True, default=lambda self: fields.Date.context_today(self) + timedelta(days=365)
    )
    issued_by_id = fields.Many2one("res.users", required=True, default=lambda self: self.env.user)
    revoked_date = fields.Date(readonly=True, copy=False)
    revoke_reason = fields.Selection(
        [("lost", "Reported lost"), ("replaced", "Replaced by a new card")],
        readonly=True,
        copy=False,
    )
    state = fields.Selection(
        [("active", "Active"), ("revoked", "Revoked"), ("expired", "Expired")],
        compute="_compute_state",
        search="_search_state",
    )
    is_discreet = fields.Boolean(string="Discreet", default=True)
    lang = fields.Selection(_lang_get, string="Language", help="Language the card was printed in.")
    name_on_card = fields.Char(groups="victim_safety_planning.group_safety_advocate")
    code_word = fields.Char(groups="victim_safety_planning.group_safety_advocate")
    code_word_contact_id = fields.Many2one(
        "safety.emergency.contact",
        string="Code Word Agreed With",
        ondelete="set null",
        groups="victim_safety_planning.group_safety_advocate",
        help="The emergency contact the code word is agreed with.",
    )
    contact_limit = fields.Integer(default=3)
    resource_ids = fields.Many2many(
        "res.partner", string="Hotlines", domain=[("safety_resource_type", "!=", False)]
    )
    hotline_label = fields.Char(
        help="On a discreet card, hotlines print under this neutral label instead of their name."
    )
    order_ids = fields.Many2many(
        "safety.protective.order",
        string="Protective Order Cards",
        help="Protective orders printed as a second card with this one.",
    )
    is_full_order_card = fields.Boolean(
        string="Full Order Card",
        help="The protective order card was printed with its Hope Card side: the survivor's "
        "name and date of birth, protected persons, the respondent's identifiers, firearms.",
    )

    _token_uniq = models.Constraint("UNIQUE(token)", "A card token must be unique.")
    _number_uniq = models.Constraint("UNIQUE(number)", "A card number must be unique.")

    @api.constrains("lang")
    def _check_lang(self):
        check_installed_lang(self)

    @api.constrains("contact_limit")
    def _check_contact_limit(self):
        for card in self:
            if not 0 <= card.contact_limit <= MAX_FRONT_ROWS:
                raise ValidationError(
                    self.env._(
                        "“Contact Limit” of card %(number)s must be between 0 and %(max)s: a "
                        "card front holds %(max)s lines; you entered %(value)s.",
                        number=card.number,
                        max=MAX_FRONT_ROWS,
                        value=card.contact_limit,
                    )
                )

    @api.constrains("issue_date", "expiry_date")
    def _check_expiry_date(self):
        for card in self:
            if card.expiry_date and card.issue_date and card.expiry_date < card.issue_date:
                raise ValidationError(
                    self.env._(
                        "“Expiry Date” of card %(number)s (%(expiry)s) is before its issue "
                        "date (%(issue)s): choose a later date.",
                        number=card.number,
                        expiry=card.expiry_date,
                        issue=card.issue_date,
                    )
                )

    @api.model
    def _new_number(self):
        alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
        return "".join(secrets.choice(alphabet) for _i in range(8))

    @api.depends("revoked_date", "expiry_date")
    def _compute_state(self):
        today = fields.Date.context_today(self)
        for card in self:
            if card.revoked_date:
                card.state = "revoked"
            elif card.expiry_date and card.expiry_date < today:
                card.state = "expired"
            else:
                card.state = "active"

    def _search_state(self, operator, value):
        if operator != "in":
            return NotImplemented
        today = fields.Date.context_today(self)
        domains = {
            "revoked": Domain("revoked_date", "!=", False),
            "expired": Domain("revoked_date", "=", False) & Domain("expiry_date", "<", today),
            "active": Domain("revoked_date", "=", False) & Domain("expiry_date", ">=", today),
        }
        return Domain.OR(domains[v] for v in value if v in domains)

    @api.model_create_multi
    def create(self, vals_list):
        """Issue cards: each plan keeps one valid card, so the cards issued
        before on the same plans are revoked as replaced, and the plan's
        chatter says who issued which card."""
        vals_list = self._safety_own_values(vals_list, "create")
        # what is not an id is the ORM's to refuse
        plan_ids = [vals["plan_id"] for vals in vals_list if isinstance(vals.get("plan_id"), int)]
        if len(plan_ids) != len(set(plan_ids)):
            raise UserError(
                self.env._("A plan has one valid card: issue one card per plan at a time.")
            )
        previous = self.browse()
        if plan_ids:
            # two prints of one plan at once must not leave two valid cards:
            # the second waits here until the first has committed
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM safety_plan WHERE id IN %s ORDER BY id FOR NO KEY UPDATE",
                    tuple(plan_ids),
                )
            )
            previous = self.search(
                [("plan_id", "in", list(plan_ids)), ("revoked_date", "=", False)]
            )
        if previous:
            previous._safety_revoke("replaced")
        cards = super().create(vals_list)
        cards._safety_note_issued(previous)
        return cards

    # actions --------------------------------------------------------------------
    def action_revoke(self):
        """Report the card lost: a found card then verifies as revoked."""
        inactive = self.filtered(lambda c: c.state != "active")
        if inactive:
            raise UserError(
                self.env._(
                    "Card %(number)s is not active (%(state)s): only an active card can be "
                    "reported lost. Print a new card from the plan if the survivor needs one.",
                    number=inactive[0].number,
                    state=dict(self._fields["state"]._description_selection(self.env)).get(
                        inactive[0].state
                    ),
                )
            )
        self._safety_revoke("lost")
        for plan in self.plan_id:
            numbers = ", ".join(self.filtered(lambda c, p=plan: c.plan_id == p).mapped("number"))
            plan.message_post(
                body=self.env._(
                    "Card %(numbers)s reported lost by %(user)s and revoked: scanning it now "
                    "says it is revoked.",
                    numbers=numbers,
                    user=self.env.user.name,
                ),
                message_type="notification",
                subtype_xmlid="mail.mt_note",
            )
        return True

    # business methods -------------------------------------------------------------
    def _safety_revoke(self, reason):
        self.check_access("write")
        # sudo: the revocation is the system's field; the user's right to
        # change these cards was checked just above
        self.sudo().write(
            {"revoked_date": fields.Date.context_today(self), "revoke_reason": reason}
        )

    def _safety_note_issued(self, previous):
        for card in self:
            plan = card.plan_id
            body = self.env._(
                "Wallet card %(number)s printed by %(user)s (%(kind)s, valid until %(date)s).",
                number=card.number,
                user=card.issued_by_id.name,
                kind=self.env._("discreet") if card.is_discreet else self.env._("with agency name"),
                date=format_date(self.env, card.expiry_date),
            )
            replaced = previous.filtered(lambda c, p=plan: c.plan_id == p)
            if replaced:
                body += " " + self.env._(
                    "It replaces card %(numbers)s, now revoked.",
                    numbers=", ".join(replaced.mapped("number")),
                )
            if card.order_ids:
                body += " " + self.env._(
                    "With the protective order card of %(orders)s.",
                    orders=", ".join(card.order_ids.mapped("display_name")),
                )
            plan.message_post(body=body, message_type="notification", subtype_xmlid="mail.mt_note")

    # expiry reminders ---------------------------------------------------------
    @api.model
    def _safety_reminder_live_sql(self, alias):
        # a card replaced by a newer one that outlives it needs no reminder
        return SQL(
            """(%(card)s.revoked_date IS NULL AND NOT EXISTS (
                    SELECT 1 FROM safety_card newer
                     WHERE newer.plan_id = %(card)s.plan_id AND newer.revoked_date IS NULL
                       AND newer.expiry_date > %(card)s.expiry_date))""",
            card=alias,
        )

    def _safety_reminder_summary(self):
        return self.env._(
            "Card %(number)s expires on %(date)s: print a new one",
            number=self.number,
            date=self._safety_format_expiry(),
        )

    # the public address ---------------------------------------------------------
    @api.model
    def _safety_address_problem(self, url):
        """Why ``url`` can't be the public address printed on cards (a
        sentence), or False. Only what can be told without the network:
        the scheme, and a host that is a name or a public address, not this
        machine or a private network."""
        if not url:
            return self.env._("empty")
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return self.env._("not a web address (it must start with https://)")
        if parts.username or parts.password or parts.query or parts.fragment:
            return self.env._("not a plain web address (no user, ?query or #fragment)")
        host = parts.hostname.rstrip(".").lower()
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            address = None
        if address is not None:
            if not address.is_global:
                return self.env._(
                    "a local or private network address (%(host)s) that nobody outside "
                    "this network can reach",
                    host=host,
                )
            return False
        if host == "localhost" or host.endswith(LOCAL_HOST_SUFFIXES) or "." not in host:
            return self.env._(
                "a name only this machine or this network knows (%(host)s)", host=host
            )
        return False

    @api.model
    def _safety_public_base_url(self, raise_if_invalid=True):
        """The agency's public address set in Settings (“Card verification
        address”), without a trailing slash. Cards and links sent out must
        be opened from anywhere, so a missing or local address is refused,
        or gives False when ``raise_if_invalid`` is False."""
        # sudo: a setting any member's card print needs, not a secret
        url = (self.env["ir.config_parameter"].sudo().get_param(CARD_BASE_URL_PARAM) or "").strip()
        problem = self._safety_address_problem(url)
        if not problem:
            return url.rstrip("/")
        if not raise_if_invalid:
            return False
        raise UserError(
            self.env._(
                "Cards can't be printed: the “Card verification address” in Settings > "
                "Safety Planning > Wallet cards is %(problem)s. A card's QR code opens that "
                "address from any phone, so set it to the agency's public address, e.g. "
                "https://odoo.example.org (a manager with Settings rights can).",
                problem=problem if url else self.env._("not set"),
            )
        )

    # printing -----------------------------------------------------------------
    def _verification_url(self):
        self.ensure_one()
        return f"{self._safety_public_base_url()}/safety/card/{self.sudo().token}"

    @api.model
    def _qr_data_uri(self, url):
        image = qrcode.make(url, box_size=10, border=2)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()

    @api.model
    def _card_zoom(self):
        return card_print_scale()

    def _card_direction(self, lang=None):
        self.ensure_one()
        code = lang or self.lang or "en_US"
        return self.env["res.lang"]._get_data(code=code).direction or "ltr"

    def _card_discreet_phrases(self):
        # the agency must not be named either
        return (self.company_id.name,)

    def _card_name(self, name, label=None):
        """A name as the card prints it: as it is, or on a discreet card
        without the words that say what the card is about (``label`` if
        nothing is left)."""
        self.ensure_one()
        if not self.is_discreet:
            return name or label or ""
        return discreet_text(name, self._card_discreet_phrases()) or label or ""

    def _card_free_text(self, text):
        """An address or a code word: left off a discreet card when it says
        what the card is about."""
        self.ensure_one()
        if self.is_discreet and says_what_it_is(text, self._card_discreet_phrases()):
            return False
        return text

    def _card_hotline_label(self):
        self.ensure_one()
        return self.hotline_label or self.env._("Info line")

    def _card_phone_country(self):
        self.ensure_one()
        return self.plan_id.survivor_id.country_id or self.company_id.country_id

    def _card_format_phone(self, number, country, force_format):
        """A resource's phone as typed, in E164 or as dialled from ``country``."""
        if not number:
            return False
        return (
            self.env["res.partner"]._phone_format(
                number=number, country=country, force_format=force_format
            )
            or number
        )

    def _card_contacts(self):
        self.ensure_one()
        contacts = self.plan_id.emergency_contact_ids.filtered(
            lambda c: c.is_safe_to_call and c.phone
        )
        return contacts[: max(self.contact_limit, 0)]

    def _card_front_rows(self):
        """Lines of the front: contacts safe to call, then the chosen hotlines;
        on a discreet card, resources under the neutral label."""
        self.ensure_one()
        label = self._card_hotline_label()
        rows = []
        seen_numbers = set()
        seen_partners = self.env["res.partner"]
        for contact in self._card_contacts():
            is_resource = bool(contact.partner_id.safety_resource_type)
            name = (
                label
                if (self.is_discreet and is_resource)
                else self._card_name(contact.name, label)
            )
            rows.append({"name": name, "number": contact.phone_national})
            seen_numbers.add(contact.phone)
            seen_partners |= contact.partner_id
        country = self._card_phone_country()
        for resource in self.resource_ids:
            e164 = self._card_format_phone(resource.phone, country, "E164")
            if not e164 or resource in seen_partners or e164 in seen_numbers:
                continue
            seen_numbers.add(e164)
            rows.append(
                {
                    "name": label if self.is_discreet else resource.name,
                    "number": self._card_format_phone(resource.phone, country, "NATIONAL"),
                }
            )
        return rows[:MAX_FRONT_ROWS]

    def _card_places(self):
        """The first safe places: name, one address line (never a
        confidential address) and number."""
        self.ensure_one()
        places = []
        for location in self.plan_id.location_ids[:MAX_PLACES]:
            address = False
            if not location.is_address_confidential:
                address = ", ".join(
                    part for part in (location.street, location.street2, location.city) if part
                )
            places.append(
                {
                    "name": self._card_name(location.name, self.env._("Place")),
                    "address": self._card_free_text(address),
                    "number": location.phone_national,
                }
            )
        return places

    def _card_code_word(self):
        """(whose word, the word) when the code word is printed, else False."""
        self.ensure_one()
        word = self._card_free_text(self.code_word)
        if not word:
            return False
        contact = self.code_word_contact_id
        holder = False
        if contact:
            holder = self._card_name(contact.name)
            if self.is_discreet and contact.partner_id.safety_resource_type:
                holder = self._card_hotline_label()
        return holder, word

    def _card_name_printed(self):
        self.ensure_one()
        return self._card_free_text(self.name_on_card)

    def _card_order_lang(self):
        """Order cards are shown to police: they print in the language of
        the advocate who issued them, not the survivor's."""
        self.ensure_one()
        return self.issued_by_id.lang or self.lang or "en_US"

    def _safety_log_access_as_scan(self):
        # card scans come from anyone: log them whoever scans, ids only
        self.env["safety.access.log"]._log(self, "scan")
