import { registry } from "@web/core/registry";
import { GraphModel } from "@web/views/graph/graph_model";
import { GraphRenderer } from "@web/views/graph/graph_renderer";
import { graphView } from "@web/views/graph/graph_view";
import { SAFETY_STATUS_COLORS } from "@victim_safety_planning/safety_colors";

/** Measures that are scores on a 1-10 scale. */
const SCORE_MEASURES = ["feels_safe_score"];

/** The single value (of the grouping after the x axis) a series stands for. */
function seriesValue(dataset) {
    const identifier = dataset.identifiers && [...dataset.identifiers][0];
    if (!identifier) {
        return undefined;
    }
    const rest = JSON.parse(identifier).slice(1);
    if (rest.length !== 1) {
        return undefined;
    }
    const value = Object.values(rest[0])[0];
    return Array.isArray(value) ? undefined : String(value);
}

export class SafetyGraphModel extends GraphModel {
    /**
     * Selection groups come in the order their field lists them (risk levels
     * lowest first, on time before overdue or late), not by key: bars and
     * stacked series read the same way in every report.
     */
    async _loadDataPoints(metaData) {
        const [dataPoints, currencies] = await super._loadDataPoints(metaData);
        const { fields, groupBy } = metaData;
        const firstSeen = groupBy.map(() => new Map());
        const keys = new Map();
        for (const point of dataPoints) {
            const key = JSON.parse(point.identifier).map((raw, index) => {
                const value = JSON.stringify(Object.values(raw)[0]);
                const field = fields[groupBy[index].fieldName];
                if (field?.type === "selection") {
                    const position = field.selection.findIndex((s) => JSON.stringify(s[0]) === value);
                    return position === -1 ? field.selection.length : position;
                }
                const seen = firstSeen[index];
                if (!seen.has(value)) {
                    seen.set(value, seen.size);
                }
                return seen.get(value);
            });
            keys.set(point, key);
        }
        const compare = (a, b) => {
            const [keyA, keyB] = [keys.get(a), keys.get(b)];
            const index = keyA.findIndex((value, i) => value !== keyB[i]);
            return index === -1 ? 0 : keyA[index] - keyB[index];
        };
        return [[...dataPoints].sort(compare), currencies];
    }

    /**
     * No "Sum" line over stacked bars: it joins totals of unrelated groups
     * (an advocate's plans to the next advocate's) into a trend nobody meant.
     */
    _getLineOverlayDataset() {
        return null;
    }

    /**
     * An average over no record is no value: a month without reviews is a
     * gap in the line, not a zero (Odoo fills the months between the first
     * and the last one with empty groups, which Chart.js would plot at 0).
     */
    _getData(dataPoints, forceUseAllDataPoints) {
        const { mode, measure, fields, cumulated } = this.metaData;
        const isAverage = fields[measure]?.aggregator === "avg";
        if (mode !== "line" || !isAverage || cumulated) {
            return super._getData(dataPoints, forceUseAllDataPoints);
        }
        const points = dataPoints.map((point) => (point.count ? point : { ...point, value: null }));
        const result = super._getData(points, forceUseAllDataPoints);
        // how many records each average stands on, per label: "May 2026 (n=3)"
        result.safetyCounts = result.labels.map(() => 0);
        for (const point of points) {
            if (point.labelIndex !== undefined) {
                result.safetyCounts[point.labelIndex] += point.count || 0;
            }
        }
        for (const dataset of result.datasets) {
            const filled = new Set(
                points
                    .filter((point) => this._getDatasetLabel(point) === dataset.label)
                    .map((point) => point.labelIndex)
            );
            dataset.data = dataset.data.map((value, index) => (filled.has(index) ? value : null));
        }
        return result;
    }
}

export class SafetyGraphRenderer extends GraphRenderer {
    getBarChartData() {
        const data = super.getBarChartData();
        for (const dataset of data.datasets) {
            const color = SAFETY_STATUS_COLORS[seriesValue(dataset)];
            if (color) {
                dataset.backgroundColor = color;
            }
        }
        return data;
    }

    /** A score on a 1-10 scale averaged per period (the Feels-Safe Trend). */
    get isScoreTrend() {
        const { mode, measure } = this.model.metaData;
        return mode === "line" && SCORE_MEASURES.includes(measure);
    }

    getLineChartData() {
        const data = super.getLineChartData();
        for (const dataset of data.datasets) {
            const color = SAFETY_STATUS_COLORS[seriesValue(dataset)];
            if (color) {
                dataset.borderColor = dataset.pointBackgroundColor = color;
            }
            if (this.isScoreTrend) {
                // points, not a smoothed line: each is one period's average
                dataset.showLine = false;
                dataset.pointRadius = 5;
                dataset.pointBackgroundColor = dataset.borderColor;
            }
        }
        return data;
    }

    getScaleOptions() {
        const scales = super.getScaleOptions();
        if (this.isScoreTrend && scales.y) {
            // the whole scale, so that a 7 does not look like the top
            Object.assign(scales.y, { min: 1, max: 10, beginAtZero: false });
            scales.y.ticks = { ...scales.y.ticks, stepSize: 1 };
            const counts = this.model.data.safetyCounts || [];
            const labels = this.model.data.labels;
            scales.x.ticks.callback = (value, index) =>
                counts[index] === undefined
                    ? labels[index]
                    : `${labels[index]} (n=${counts[index]})`;
        }
        return scales;
    }

    renderChart() {
        super.renderChart();
        // what is drawn, for tests and assistive tools reading the page:
        // "label=colour:value,value..." per series
        const root = this.rootRef.el;
        if (root && this.chart) {
            const series = this.chart.data.datasets.map((dataset) => {
                const color =
                    this.model.metaData.mode === "line"
                        ? dataset.borderColor
                        : dataset.backgroundColor;
                const values = dataset.data.map((value) => (value === null ? "gap" : value));
                return `${dataset.label}=${color}:${values.join(",")}`;
            });
            root.dataset.safetySeries = series.join(";");
            const y = this.chart.options.scales?.y;
            root.dataset.safetyAxis = y ? `${y.min ?? ""}-${y.max ?? ""}` : "";
            root.dataset.safetyCounts = (this.model.data.safetyCounts || []).join(",");
        }
    }
}

export const safetyGraphView = {
    ...graphView,
    Model: SafetyGraphModel,
    Renderer: SafetyGraphRenderer,
};

registry.category("views").add("safety_graph", safetyGraphView);
