/**
 * One colour per status in every Safety Planning report: overdue and late
 * reviews red, on-time ones green, plans without a status grey. Odoo colours
 * a graph's series by their position, which changes with the data (the first
 * advocate's plans decide which series comes first), so a series whose
 * groups are one of these values gets its colour by value instead.
 */
export const SAFETY_STATUS_COLORS = {
    on_time: "#2E9E6B",
    overdue: "#D64550",
    late: "#D64550",
    false: "#A4A8B6",
    // risk levels, in the tones models/safety_palette.py gives their badges
    critical: "#9B1C2C",
    high: "#D64550",
    medium: "#F4A261",
    low: "#2E9E6B",
    none: "#A4A8B6",
    not_assessed: "#4EA7F2",
    // incident kinds: a protective order violation in danger colours
    order_violation: "#D64550",
    incident: "#F4A261",
    near_miss: "#4EA7F2",
};
