from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.tests import tagged

from .common import SafetyCommon

FOLLOW_UP = "victim_safety_planning.mail_activity_type_safety_referral_follow_up"


class ReferralCommon(SafetyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["safety.referral"].with_user(cls.advocate))
        cls.shelter = cls.env["res.partner"].create(
            {
                "name": "Casa Segura \u2013 Refugio",
                "is_company": True,
                "safety_resource_type": "shelter",
                "email": "intake@casasegura.example.org",
            }
        )
        cls.legal = cls.env["res.partner"].create(
            {"name": "Œuvre Légale Ørsted", "is_company": True, "safety_resource_type": "legal_aid"}
        )
        cls.shelter_bed = cls.env["safety.resource.service"].create(
            {"name": "Emergency shelter", "partner_id": cls.shelter.id}
        )
        cls.legal_clinic = cls.env["safety.resource.service"].create(
            {"name": "Protective order clinic", "partner_id": cls.legal.id}
        )
        cls.consent = cls._consent(cls.shelter)

    @classmethod
    def _consent(cls, partner, plan=None, **values):
        return cls.env["safety.consent"].create(
            {
                "plan_id": (plan or cls.plan).id,
                "recipient_id": partner.id,
                "purpose": "Shelter intake",
                "scope": "Name and a safe phone number",
                "signed_date": cls.today - timedelta(days=3),
                "expiry_date": cls.today + timedelta(days=60),
                "is_signed_on_paper": True,
                **values,
            }
        )

    def _referral(self, partner=None, consent=None, user=None, **values):
        partner = partner or self.shelter
        services = (
            self.shelter_bed if partner == self.shelter else self.env["safety.resource.service"]
        )
        return (
            self.env["safety.referral"]
            .with_user(user or self.advocate)
            .create(
                {
                    "plan_id": self.plan.id,
                    "partner_id": partner.id,
                    "service_ids": services.ids,
                    "consent_id": consent.id if consent else False,
                    **values,
                }
            )
        )


@tagged("post_install", "-at_install")
class TestReferralWorkflow(ReferralCommon):
    def test_send_accept_complete_connected(self):
        referral = self._referral(consent=self.consent, reason="Needs a bed tonight")
        self.assertEqual(referral.state, "draft")
        self.assertEqual(referral.display_name, "Referral to Casa Segura \u2013 Refugio")
        referral.action_send()
        self.assertEqual(referral.state, "sent")
        self.assertEqual(referral.sent_date, self.today)
        self.assertEqual(referral.sent_by_id, self.advocate)
        self.assertEqual(
            referral.follow_up_date, self.today + timedelta(days=7), "Settings default"
        )
        self.assertFalse(referral.override_user_id)
        note = self.plan.message_ids[:1]
        self.assertIn("sent under the release", note.body)
        self.assertNotIn("Needs a bed", note.body, "the plan's note names no situation")
        with self.assertRaisesRegex(UserError, "can't be sent again"):
            referral.action_send()
        referral.action_accept()
        self.assertEqual((referral.state, referral.answer_date), ("accepted", self.today))
        with self.assertRaisesRegex(UserError, "Outcome"):
            referral.action_complete()
        referral.outcome = "connected"
        referral.action_complete()
        self.assertEqual(referral.state, "completed")
        self.assertEqual(referral.completed_date, self.today)
        self.assertIn("completed: Connected", self.plan.message_ids[:1].body)
        with self.assertRaisesRegex(UserError, "can't be revoked"):
            referral.action_revoke()

    def test_decline_needs_the_reason(self):
        referral = self._referral(consent=self.consent)
        with self.assertRaisesRegex(UserError, "can't be declined"):
            referral.action_decline()
        referral.action_send()
        with self.assertRaisesRegex(UserError, "Reason for Declining"):
            referral.action_decline()
        referral.decline_reason = "Pas de place avant lundi"
        referral.action_decline()
        self.assertEqual(referral.state, "declined")
        self.assertIn("Pas de place avant lundi", self.plan.message_ids[:1].body)
        with self.assertRaisesRegex(UserError, "can't be accepted"):
            referral.action_accept()

    def test_not_connected_needs_why(self):
        referral = self._referral(consent=self.consent)
        referral.action_send()
        referral.outcome = "not_connected"
        with self.assertRaisesRegex(UserError, "Why Not Connected"):
            referral.action_complete()
        referral.outcome_reason = "Moved out of state before the intake"
        referral.action_complete()
        self.assertEqual((referral.state, referral.outcome), ("completed", "not_connected"))
        self.assertEqual(referral.answer_date, self.today, "completing answers it too")

    def test_outcome_only_once_sent(self):
        referral = self._referral(consent=self.consent)
        with self.assertRaisesRegex(ValidationError, "Outcome"):
            referral.outcome = "connected"

    def test_revoke_by_us_and_back_to_draft(self):
        referral = self._referral(consent=self.consent)
        with self.assertRaisesRegex(UserError, "can't be revoked"):
            referral.action_revoke()
        referral.action_send()
        referral.action_reset_to_draft()
        self.assertEqual((referral.state, referral.sent_date), ("draft", False))
        referral.action_send()
        referral.action_accept()
        with self.assertRaisesRegex(UserError, "can't go back to draft"):
            referral.action_reset_to_draft()
        referral.action_revoke()
        self.assertEqual((referral.state, referral.revoked_date), ("revoked", self.today))
        self.assertIn("withdrawn by Ada Advocate", referral.revoke_reason)
        self.assertIn("revoked", self.plan.message_ids[:1].body)

    def test_workflow_fields_are_the_buttons(self):
        referral = self._referral(consent=self.consent)
        for values in (
            {"state": "sent"},
            {"override_user_id": self.advocate.id},
            {"sent_date": self.today},
            {"followed_up_date": self.today},
        ):
            with self.subTest(values=values), self.assertRaisesRegex(ValidationError, "buttons"):
                referral.write(values)
        with self.assertRaisesRegex(ValidationError, "buttons"):
            self._referral(consent=self.consent, state="completed")
        referral.action_send()
        with self.assertRaisesRegex(UserError, "stay as they were sent"):
            referral.partner_id = self.legal
        with self.assertRaisesRegex(UserError, "revoke it instead"):
            referral.unlink()
        draft = self._referral(consent=self.consent)
        draft.unlink()
        self.assertFalse(draft.exists())

    def test_organisation_and_services_must_match(self):
        plain = self.env["res.partner"].create({"name": "Plain Company", "is_company": True})
        with self.assertRaisesRegex(ValidationError, "resource organisation"):
            self._referral(partner=plain)
        with self.assertRaisesRegex(ValidationError, "Services Asked For"):
            self._referral(partner=self.legal, service_ids=self.shelter_bed.ids)
        with self.assertRaisesRegex(ValidationError, "must name the organisation"):
            self._referral(partner=self.legal, consent=self.consent)
        other_plan = (
            self.env["safety.plan"]
            .with_user(self.advocate)
            .create({"survivor_id": self.survivor.id})
        )
        with self.assertRaisesRegex(ValidationError, "one of plan"):
            self._referral(consent=self._consent(self.shelter, plan=other_plan))
        with self.assertRaisesRegex(ValidationError, "before the referral's date"):
            self._referral(follow_up_date=self.today - timedelta(days=1))

    def test_service_values_for_the_funder_report(self):
        shelter = self._referral(consent=self.consent)
        shelter.action_send()
        legal = self._referral(
            partner=self.legal, is_consent_overridden=True, override_reason="Court tomorrow"
        )
        legal.action_send()
        values = (shelter | legal)._safety_service_values()
        self.assertEqual([v["service_code"] for v in values], ["A3", "A4"])
        self.assertEqual(values[0]["survivor_id"], self.survivor.id)
        self.assertEqual(values[0]["plan_id"], self.plan.id)
        self.assertEqual(values[0]["date"], self.today)
        self.assertEqual(values[0]["user_id"], self.advocate.id)


@tagged("post_install", "-at_install")
class TestReferralReleaseGate(ReferralCommon):
    def _refused(self, referral, regex="no active signed release"):
        with self.assertRaisesRegex(UserError, regex):
            referral.action_send()
        self.assertEqual(referral.state, "draft")

    def test_no_release_no_send(self):
        self._refused(self._referral())
        with self.assertRaisesRegex(UserError, "no active signed release"):
            self._referral().action_print_sheet()

    def test_revoked_or_expired_release_no_send(self):
        referral = self._referral(consent=self.consent)
        self.consent.with_user(self.advocate).action_revoke()
        self._refused(referral)
        expired = self._consent(self.shelter)
        expired.sudo().write(
            {
                "signed_date": self.today - timedelta(days=90),
                "expiry_date": self.today - timedelta(days=1),
            }
        )
        self._refused(self._referral(consent=expired))

    def test_the_gate_names_the_organisation(self):
        """The one gate: a release lets referrals go to the organisation it
        names (or one of its contacts), to nobody else."""
        self.assertTrue(self.consent._safety_allows_referral_to(self.shelter))
        desk = self.env["res.partner"].create({"name": "Intake desk", "parent_id": self.shelter.id})
        self.assertTrue(self.consent._safety_allows_referral_to(desk))
        self.assertFalse(self.consent._safety_allows_referral_to(self.legal))
        self.assertFalse(self.consent._safety_allows_referral_to(self.env["res.partner"]))

    def test_override_needs_a_reason_and_supervisors_see_it(self):
        referral = self._referral(is_consent_overridden=True)
        self._refused(referral, "Reason for Sending Without a Release")
        referral.override_reason = "Fleeing tonight; consent given on the phone, form signed Monday"
        referral.action_send()
        self.assertEqual(referral.state, "sent")
        self.assertEqual(referral.override_user_id, self.advocate)
        note = self.plan.message_ids[:1]
        self.assertIn("WITHOUT a release", note.body)
        self.assertIn("Fleeing tonight", note.body)
        overridden = (
            self.env["safety.referral"]
            .with_user(self.supervisor)
            .search(
                [
                    ("is_consent_overridden", "=", True),
                    ("state", "!=", "draft"),
                    ("plan_id", "=", self.plan.id),
                ]
            )
        )
        self.assertEqual(overridden, referral)
        # an override carries the name and the services only
        sheet = referral.with_user(self.advocate)._safety_sheet_values()
        self.assertFalse(sheet["consent"] or sheet["contact"] or sheet["address"])
        with self.assertRaisesRegex(UserError, "can't be e-mailed"):
            referral.with_user(self.advocate).action_send_by_email()

    def test_a_valid_release_is_used_even_if_override_ticked(self):
        referral = self._referral(consent=self.consent, is_consent_overridden=True)
        referral.action_send()
        self.assertFalse(referral.override_user_id, "no override was needed")


@tagged("post_install", "-at_install")
class TestReferralCascadeAndFollowUp(ReferralCommon):
    def _activities(self):
        return self._plan_activities(self.plan, FOLLOW_UP)

    def _follow_up(self, **kwargs):
        # the demo's referrals are due too: this plan's only
        return self.env["safety.referral"]._safety_follow_up(
            domain=[("plan_id", "=", self.plan.id)], **kwargs
        )

    def test_revoking_the_release_revokes_open_referrals(self):
        draft = self._referral(consent=self.consent)
        sent = self._referral(consent=self.consent)
        accepted = self._referral(consent=self.consent)
        done = self._referral(consent=self.consent)
        (sent | accepted | done).action_send()
        accepted.action_accept()
        done.outcome = "connected"
        done.action_complete()
        self.consent.with_user(self.advocate).action_revoke()
        self.assertEqual(
            [r.state for r in (draft, sent, accepted, done)],
            ["draft", "revoked", "revoked", "completed"],
        )
        self.assertEqual(sent.revoke_reason, "the release of information was revoked")
        with self.assertRaisesRegex(UserError, "no active signed release"):
            draft.action_send()

    def test_expiry_of_the_release_revokes_open_referrals(self):
        referral = self._referral(consent=self.consent)
        referral.action_send()
        other = self._referral(
            partner=self.legal, is_consent_overridden=True, override_reason="Court tomorrow"
        )
        other.action_send()
        self.consent.sudo().write(
            {
                "signed_date": self.today - timedelta(days=90),
                "expiry_date": self.today - timedelta(days=1),
            }
        )
        self._follow_up()
        self.assertEqual(referral.state, "revoked")
        self.assertEqual(referral.revoke_reason, "the release of information expired")
        self.assertEqual(other.state, "sent", "a referral without a release has none to end")

    def test_follow_up_activity_once_per_date(self):
        referral = self._referral(consent=self.consent, date=self.today - timedelta(days=8))
        referral.action_send()
        Referral = self.env["safety.referral"]
        self.assertEqual(self._follow_up(), 0, "not due yet")
        referral.sudo().follow_up_date = self.today - timedelta(days=1)
        self.assertTrue(referral.is_answer_overdue)
        overdue = Referral.search(
            [("is_answer_overdue", "=", True), ("plan_id", "=", self.plan.id)]
        )
        self.assertEqual(overdue, referral)
        self.assertEqual(self._follow_up(), 1)
        activity = self._activities()
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.advocate)
        self.assertEqual(activity.date_deadline, self.today - timedelta(days=1))
        self.assertIn("No answer from Casa Segura", activity.summary)
        self.assertNotIn("Robin", activity.summary)
        self.assertEqual(self._follow_up(), 0, "idempotent")
        self.assertEqual(len(self._activities()), 1)
        # done without an answer: no new reminder for the same date
        activity.action_done()
        self.assertEqual(self._follow_up(), 0)
        self.assertFalse(self._activities())
        # the advocate chases again from a later date
        referral.follow_up_date = self.today
        self.assertEqual(self._follow_up(), 1)
        self.assertEqual(self._activities().date_deadline, self.today)
        # the answer withdraws the reminder
        referral.action_accept()
        self.assertFalse(self._activities())

    def test_follow_up_in_batches_and_not_for_former_advocates(self):
        referrals = self.env["safety.referral"]
        for _index in range(5):
            referrals |= self._referral(consent=self.consent)
        referrals.action_send()
        referrals.sudo().write({"follow_up_date": self.today})
        self.assertEqual(self._follow_up(batch_size=2), 5, "three batches")
        self.assertEqual(len(self._activities()), 5)
        # a plan left with a former advocate gets no activity (the queue shows it)
        orphan = self._referral(consent=self.consent)
        orphan.action_send()
        orphan.sudo().follow_up_date = self.today
        self.advocate.group_ids -= self.env.ref("victim_safety_planning.group_safety_advocate")
        self._follow_up()
        self.assertEqual(len(self._activities()), 5)
        self.assertFalse(orphan.follow_up_activity_id)


@tagged("post_install", "-at_install")
class TestReferralAccess(ReferralCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.referral = cls.env["safety.referral"].create(
            {
                "plan_id": cls.plan.id,
                "partner_id": cls.shelter.id,
                "consent_id": cls.consent.id,
                "reason": "Robin needs a bed",
            }
        )

    def test_other_team_and_outsider_get_nothing(self):
        for user in (self.advocate_other, self.outsider):
            Referral = self.env["safety.referral"].with_user(user)
            with self.subTest(user=user.login):
                if user == self.outsider:
                    with self.assertRaises(AccessError):
                        Referral.search([])
                else:
                    self.assertNotIn(self.referral, Referral.search([]))
                    self.assertFalse(Referral.name_search("Casa"))
                if user == self.outsider:
                    with self.assertRaises(AccessError):
                        self.referral.with_user(user).read(["reason"])
                else:
                    # another team: the answer of a referral that does not exist
                    self.assertEqual(self.referral.with_user(user).read(["reason"]), [])
                refusal = AccessError if user == self.outsider else MissingError
                with self.assertRaises(refusal):
                    self.referral.with_user(user).action_send()
                with self.assertRaises(AccessError):
                    Referral.create({"plan_id": self.plan.id, "partner_id": self.shelter.id})

    def test_other_company_supervisor_gets_nothing(self):
        other = self.env["res.company"].create({"name": "Northside Agency"})
        supervisor = self.env["res.users"].create(
            {
                "name": "Nia Northside",
                "login": "vsp_north_supervisor",
                "company_id": other.id,
                "company_ids": [(6, 0, other.ids)],
                "group_ids": [
                    (6, 0, self.env.ref("victim_safety_planning.group_safety_supervisor").ids)
                ],
            }
        )
        self.assertFalse(self.env["safety.referral"].with_user(supervisor).search([]))
        self.assertEqual(self.referral.with_user(supervisor).read(["partner_id"]), [])
        self.assertIn(
            self.referral, self.env["safety.referral"].with_user(self.supervisor).search([])
        )

    def test_the_organisation_learns_nothing_through_odoo(self):
        """No follower, no access, no notification for the organisation: the
        referral has no chatter of its own and posts on the plan only."""
        self.referral.with_user(self.advocate).action_send()
        self.referral.with_user(self.advocate).action_accept()
        self.assertFalse("message_follower_ids" in self.env["safety.referral"]._fields)
        followers = self.env["mail.followers"].search([("partner_id", "=", self.shelter.id)])
        self.assertFalse(followers)
        self.assertFalse(
            self.env["mail.notification"].search([("res_partner_id", "=", self.shelter.id)])
        )
        self.assertFalse(self.env["mail.mail"].search([("recipient_ids", "in", self.shelter.ids)]))
        self.assertFalse(self.shelter.user_ids)
