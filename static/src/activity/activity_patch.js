import { Activity } from "@mail/core/web/activity";
import { patch } from "@web/core/utils/patch";

/**
 * "Start Review" on a "Safety plan review" activity opens the review form of
 * its plan; completing the review marks the activity done and schedules the
 * next one, so the chatter is refreshed when the dialog closes.
 */
patch(Activity.prototype, {
    async onClickStartSafetyReview() {
        const thread = this.thread;
        const action = await this.env.services.orm.call(
            "mail.activity",
            "action_start_safety_review",
            [[this.props.activity.id]]
        );
        await this.env.services.action.doAction(action, {
            onClose: () => {
                this.props.onActivityChanged(thread);
                this.props.reloadParentView?.();
            },
        });
    },
    /**
     * "Assess Risk" on a "Risk reassessment" activity (an incident asked for
     * it) opens a new assessment of its plan; confirming it marks the activity
     * done.
     */
    async onClickStartSafetyReassessment() {
        const action = await this.env.services.orm.call(
            "mail.activity",
            "action_start_safety_reassessment",
            [[this.props.activity.id]]
        );
        await this.env.services.action.doAction(action);
    },
});
