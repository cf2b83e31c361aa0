import hashlib
import ipaddress

from odoo import http
from odoo.http import request

from ..models.safety_card import TOKEN_RE


class SafetyCardController(http.Controller):
    """Public pages behind the QR codes of wallet cards and protective order
    cards. They say valid / revoked / expired / unknown and nothing else; a
    signed-in Safety Planning member is taken to the plan."""

    def _safety_check_request(self, token):
        """None when the request may go on, else the response that refuses
        it. A malformed token (NUL byte, characters a token never has) is
        answered 404 before anything is written; a well-formed one counts
        against the client's limit of checks a minute."""
        if not TOKEN_RE.fullmatch(token or ""):
            raise request.not_found()
        client = self._safety_client_address(request.httprequest.environ)
        client_hash = hashlib.sha256(client.encode()).hexdigest()
        # sudo: anyone may check a card; the counter holds a hash of the
        # client's address and is readable by managers only
        if not request.env["safety.card.scan"].sudo()._register_request(client_hash):
            return request.make_response(
                request.env._("Too many requests. Try again in a minute."),
                headers=[("Content-Type", "text/plain; charset=utf-8"), ("Retry-After", "60")],
                status=429,
            )
        return None

    @staticmethod
    def _safety_client_address(environ):
        """The address checks are counted on: the reverse proxy's view of the
        client in proxy mode, unless the request came straight from a public
        address (its own headers are then not believed)."""
        address = environ.get("REMOTE_ADDR") or ""
        peer = (environ.get("werkzeug.proxy_fix.orig") or {}).get("REMOTE_ADDR")
        if peer and peer != address:
            try:
                if ipaddress.ip_address(peer).is_global:
                    return peer
            except ValueError:
                return peer
        return address

    def _safety_member_redirect(self, plan):
        """The plan's page for a signed-in member who may read the plan;
        anyone else (another team, another company) gets the public answer,
        which names no plan."""
        user = request.env.user
        if user._is_public() or not user._is_safety_member():
            return None
        # the rules in SQL, as the user: a plan they may not read is not found
        plans = request.env["safety.plan"].with_user(user).with_context(active_test=False)
        if not plans.search_count([("id", "=", plan.id)]):
            return None
        return request.redirect(f"/odoo/safety-plans/{plan.id}")

    @http.route(
        "/safety/card/<string:token>",
        type="http",
        auth="public",
        methods=["GET"],
        readonly=False,
        sitemap=False,
    )
    def verify_card(self, token, **kwargs):
        refused = self._safety_check_request(token)
        if refused:
            return refused
        # sudo: this public page must work for anyone holding the card; it
        # reveals only the card's state and short number, never plan data
        # one indexed lookup whatever the token: unknown tokens cost the same
        card = request.env["safety.card"].sudo().search([("token", "=", token)], limit=1)
        if card:
            card.with_user(request.env.user)._safety_log_access_as_scan()
            redirect = self._safety_member_redirect(card.plan_id)
            if redirect:
                return redirect
        values = {
            "kind": "card",
            "state": card.state if card else "unknown",
            "number": card.number if card else False,
            "expiry_date": False,
            "company_name": card.company_id.name if card and not card.is_discreet else False,
        }
        return request.render("victim_safety_planning.safety_card_verify_page", values)

    @http.route(
        "/safety/order/<string:token>",
        type="http",
        auth="public",
        methods=["GET"],
        readonly=False,
        sitemap=False,
    )
    def verify_order(self, token, **kwargs):
        refused = self._safety_check_request(token)
        if refused:
            return refused
        # sudo: the order card's QR code is checked by whoever is shown the
        # card; the page says whether the order is in effect and until when,
        # naming nobody (no court, case, person or agency)
        order = (
            request.env["safety.protective.order"]
            .sudo()
            .search([("card_token", "=", token)], limit=1)
        )
        if order:
            # scans come from anyone: logged whoever scans, ids only
            request.env["safety.access.log"]._log(order, "scan")
            redirect = self._safety_member_redirect(order.plan_id)
            if redirect:
                return redirect
        state = "unknown"
        if order:
            # only a current order is in effect: one dismissed, vacated or
            # replaced by a modified order is not, whatever its expiry date
            if order._safety_is_in_effect():
                state = "in_effect"
            elif order.state == "expired":
                state = "expired"
            else:
                state = "not_in_effect"
        values = {
            "kind": "order",
            "state": state,
            "number": False,
            "expiry_date": order.expiry_date if order and state == "in_effect" else False,
            "company_name": False,
        }
        return request.render("victim_safety_planning.safety_card_verify_page", values)
