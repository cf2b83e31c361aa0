import { patch } from "@web/core/utils/patch";
import { Record } from "@web/model/relational_model/record";

const TEXT_TYPES = ["char", "text", "html"];

/**
 * The texts this save changes, as the form read them: the server refuses to
 * overwrite one that someone else saved in the meantime (safety_value_guard.py,
 * doc/integrity.md). Lines of a plan's lists (steps) count as well.
 */
function readTexts(record, originals) {
    if (!record.resId || !record.resModel.startsWith("safety.")) {
        return originals;
    }
    const read = {};
    for (const [name, value] of Object.entries(record._changes || {})) {
        const field = record.fields[name];
        if (!field) {
            continue;
        }
        if (TEXT_TYPES.includes(field.type)) {
            const original = record._values[name];
            read[name] = original ? String(original) : false;
        } else if (field.type === "one2many" && value && value.records) {
            for (const line of value.records) {
                readTexts(line, originals);
            }
        }
    }
    if (Object.keys(read).length) {
        originals[record.resModel] = originals[record.resModel] || {};
        originals[record.resModel][String(record.resId)] = read;
    }
    return originals;
}

patch(Record.prototype, {
    async _save() {
        let originals = {};
        try {
            originals = readTexts(this, {});
        } catch {
            // never stand between the person and their save
            originals = {};
        }
        if (!Object.keys(originals).length) {
            return super._save(...arguments);
        }
        const config = this._config;
        const context = config.context;
        config.context = { ...context, safety_original: originals };
        try {
            return await super._save(...arguments);
        } finally {
            config.context = context;
        }
    },
});
