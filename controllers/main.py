import hashlib

from odoo import http
from odoo.http import request


class SafetyCardController(http.Controller):
    @http.route(
        "/safety/card/<string:token>",
        type="http",
        auth="public",
        methods=["GET"],
        readonly=False,
        sitemap=False,
    )
    def verify_card(self, token, **kwargs):
        # sudo: this public page must work for anyone holding the card; it
        # reveals only the card's state and short number, never plan data
        Card = request.env["safety.card"].sudo()
        client = request.httprequest.remote_addr or ""
        client_hash = hashlib.sha256(client.encode()).hexdigest()
        if not request.env["safety.card.scan"].sudo()._register_request(client_hash):
            return request.make_response(
                "Too many requests. Try again in a minute.",
                headers=[("Content-Type", "text/plain; charset=utf-8"), ("Retry-After", "60")],
                status=429,
            )
        # one indexed lookup whatever the token: unknown tokens cost the same
        card = Card.search([("token", "=", token[:64])], limit=1)
        user = request.env.user
        if card:
            card.with_user(user)._safety_log_access_as_scan()
            if not user._is_public() and user._is_safety_member():
                return request.redirect(f"/odoo/safety-plans/{card.plan_id.id}")
        values = {
            "state": card.state if card else "unknown",
            "number": card.number if card else False,
            "is_discreet": card.is_discreet if card else True,
            "company_name": card.company_id.name if card and not card.is_discreet else False,
        }
        return request.render("victim_safety_planning.safety_card_verify_page", values)
