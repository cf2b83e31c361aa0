from odoo import api, models


class MailFollowers(models.Model):
    _inherit = "mail.followers"

    @api.model_create_multi
    def create(self, vals_list):
        """Last line of defence: whatever path subscribes someone (auto-subscribe
        of a salesperson, an import, a direct create), a non-member never
        follows a confidential record and so never gets its messages."""
        confidential_models = self.env["mail.activity"]._safety_confidential_model_names()
        checked = [v for v in vals_list if v.get("res_model") in confidential_models]
        if checked:
            allowed = set(
                self.env["res.users"]._safety_member_partner_ids(
                    [v["partner_id"] for v in checked if v.get("partner_id")]
                )
            )
            blocked = set()
            by_model = {}
            for vals in checked:
                by_model.setdefault(vals["res_model"], set()).add(vals["res_id"])
            for model_name, res_ids in by_model.items():
                # sudo: only the confidentiality flag is read
                records = self.env[model_name].sudo().browse(res_ids).exists()
                blocked |= {(model_name, rid) for rid in records._safety_confidential_records().ids}
            vals_list = [
                v
                for v in vals_list
                if (v.get("res_model"), v.get("res_id")) not in blocked
                or not v.get("partner_id")
                or v["partner_id"] in allowed
            ]
        return super().create(vals_list)
