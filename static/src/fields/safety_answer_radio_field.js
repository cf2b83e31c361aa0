import { registry } from "@web/core/registry";
import { RadioField, radioField } from "@web/views/fields/radio/radio_field";

/**
 * The answers of a risk checklist: radio buttons that answer on the first
 * click in any row of the list (the stock radio is disabled until its row is
 * selected, so each answer took two clicks and chosen answers showed greyed
 * out). Read-only only when the field itself is (a confirmed assessment).
 */
export class SafetyAnswerRadioField extends RadioField {
    static template = "victim_safety_planning.SafetyAnswerRadioField";
}

export const safetyAnswerRadioField = {
    ...radioField,
    component: SafetyAnswerRadioField,
    extractProps: (fieldInfo, dynamicInfo) => ({
        ...radioField.extractProps(fieldInfo, dynamicInfo),
        orientation: "horizontal",
        readonly: dynamicInfo.readonly,
    }),
};

registry.category("fields").add("safety_answer_radio", safetyAnswerRadioField);
