import { registry } from "@web/core/registry";
import { IntegerField, integerField } from "@web/views/fields/integer/integer_field";

/**
 * A score on a 1-10 scale: 0 is "not asked yet" and shows empty, so nobody
 * reads or keeps a score the survivor never gave.
 */
export class SafetyScoreField extends IntegerField {
    get formattedValue() {
        return this.value ? super.formattedValue : "";
    }
}

export const safetyScoreField = {
    ...integerField,
    component: SafetyScoreField,
};

registry.category("fields").add("safety_score", safetyScoreField);
