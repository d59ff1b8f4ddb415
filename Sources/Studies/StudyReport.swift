import Foundation

/// `report.html`: one self-contained page (inline CSS, inline SVG plots, grids as base64 PNG).
public enum StudyReport {
    /// grids: (cell label, PNG bytes). bad: records of skipped images.
    public static func html(metadata meta: StudyMetadata, summary: StudySummary, rows: [StudyRow],
                            bad: [StudyCellRecord], grids: [(label: String, png: Data)]) -> String {
        var h = """
        <!DOCTYPE html><html><head><meta charset="utf-8"><title>\(HTML.escape(meta.name)) — editability study</title>
        <style>body{font-family:sans-serif;margin:24px;color:#222;max-width:1200px}table{border-collapse:collapse;margin:8px 0 20px}
        td,th{border:1px solid #ccc;padding:3px 8px;font-size:12px;text-align:right}th{background:#f0f0f0}td.l{text-align:left}
        .plots{display:flex;flex-wrap:wrap;gap:12px}.grid img{image-rendering:pixelated;width:100%;max-width:1100px;border:1px solid #ccc}
        .note{color:#a33}</style></head><body>
        <h1>\(HTML.escape(meta.name))</h1>
        <p>\(Set(rows.map(\.image)).count) images × \(meta.inverters.count) inverters (\(HTML.escape(meta.inverters.joined(separator: ", ")))),
        directions: \(HTML.escape(meta.directions.isEmpty ? "none" : meta.directions.joined(separator: ", "))); \(rows.count) measurements, seed \(meta.seed).
        Means with 95% bootstrap confidence intervals (1000 resamples).</p>
        """
        for note in meta.notes { h += "<p class=\"note\">Note: \(HTML.escape(note))</p>" }

        // Per-step metrics table: inverter × steps rows, metric columns.
        let perStep = summary.groups.filter { $0.direction.isEmpty }
        let stepMetrics = meta.metrics.filter { m in perStep.contains { $0.metric == m } }
        if !stepMetrics.isEmpty {
            h += "<h2>Reconstruction and latent statistics</h2><table><tr><th>inverter</th><th>steps</th>"
            h += stepMetrics.map { "<th>\(HTML.escape($0))</th>" }.joined() + "</tr>"
            for inv in meta.inverters {
                for steps in Array(Set(perStep.filter { $0.inverter == inv }.map(\.steps))).sorted() {
                    h += "<tr><td class=\"l\">\(HTML.escape(inv))</td><td>\(steps)</td>"
                    for m in stepMetrics {
                        let g = perStep.first { $0.inverter == inv && $0.steps == steps && $0.metric == m }
                        h += "<td>\(g.map { cell($0.mean, $0.ciLow, $0.ciHigh) } ?? "")</td>"
                    }
                    h += "</tr>"
                }
            }
            h += "</table>"
        }

        // Editability table: mean over strengths per inverter × steps × direction.
        let editMetrics = meta.metrics.filter { m in rows.contains { $0.metric == m && !$0.direction.isEmpty } }
        if !editMetrics.isEmpty {
            h += "<h2>Editability (mean over images and strengths)</h2><table><tr><th>inverter</th><th>steps</th><th>direction</th>"
            h += editMetrics.map { "<th>\(HTML.escape($0))</th>" }.joined() + "</tr>"
            let collapsed = StudySummary(rows: rows.filter { !$0.direction.isEmpty }.map { var r = $0; r.strength = nil; return r }, seed: meta.seed)
            for inv in meta.inverters {
                for dir in meta.directions {
                    for steps in Array(Set(collapsed.groups.filter { $0.inverter == inv && $0.direction == dir }.map(\.steps))).sorted() {
                        h += "<tr><td class=\"l\">\(HTML.escape(inv))</td><td>\(steps)</td><td class=\"l\">\(HTML.escape(dir))</td>"
                        for m in editMetrics {
                            let g = collapsed.groups.first { $0.inverter == inv && $0.steps == steps && $0.direction == dir && $0.metric == m }
                            h += "<td>\(g.map { cell($0.mean, $0.ciLow, $0.ciHigh) } ?? "")</td>"
                        }
                        h += "</tr>"
                    }
                }
            }
            h += "</table>"
        }

        // Plots.
        h += "<h2>Plots</h2><div class=\"plots\">"
        for m in stepMetrics {
            let series = meta.inverters.map { inv in
                let mine = perStep.filter { $0.inverter == inv && $0.metric == m }
                return SVGLinePlot.Series(label: inv, points: mine.map { (Double($0.steps), $0.mean) },
                                          band: mine.map { (Double($0.steps), $0.ciLow, $0.ciHigh) })
            }
            h += SVGLinePlot(title: "\(m) vs step count (95% CI)", xLabel: "steps", yLabel: m, series: series).svg
        }
        // Edit metrics pooled over directions and strengths, with their bootstrap CI.
        let pooled = StudySummary(rows: rows.filter { !$0.direction.isEmpty && editMetrics.contains($0.metric) }
                                    .map { var r = $0; r.direction = "all"; r.strength = nil; return r }, seed: meta.seed)
        for m in editMetrics where m != StudyMetric.imageChange.rawValue {
            let series = meta.inverters.map { inv -> SVGLinePlot.Series in
                let mine = pooled.groups.filter { $0.inverter == inv && $0.metric == m }
                return .init(label: inv, points: mine.map { (Double($0.steps), $0.mean) },
                             band: mine.map { (Double($0.steps), $0.ciLow, $0.ciHigh) })
            }
            h += SVGLinePlot(title: "\(m) vs step count (all edits, 95% CI)", xLabel: "steps", yLabel: m, series: series).svg
        }
        // Per direction: change per unit strength vs strength, each inverter at its largest step count.
        let perStrength: [(metric: StudyMetric, title: String, y: String)] = [
            (.imageChange, "image change per unit strength", "mean |ΔG| / |s|"),
            (.attributeEditability, "target attribute change vs native samples", "relative editability"),
            (.attributeEntanglement, "other attributes' change per unit strength", "mean |Δ other| / |s|"),
        ]
        for (metric, title, y) in perStrength {
            for dir in meta.directions {
                let series = meta.inverters.compactMap { inv -> SVGLinePlot.Series? in
                    let mine = summary.groups.filter { $0.inverter == inv && $0.direction == dir && $0.metric == metric.rawValue }
                    guard let top = mine.map(\.steps).max() else { return nil }
                    return .init(label: "\(inv) @\(top)", points: mine.filter { $0.steps == top }.map { (Double($0.strength ?? 0), $0.mean) })
                }
                if !series.isEmpty {
                    h += SVGLinePlot(title: "\(title): \(dir)", xLabel: "strength", yLabel: y, series: series).svg
                }
            }
        }
        h += "</div>"

        if !grids.isEmpty {
            h += "<h2>Image grids</h2><p>Each row: input | reconstruction at each step count | edits of the first direction at the largest step count (encoder resolution).</p>"
            // Labels are "image × inverter": one heading per image, one captioned grid per inverter.
            var current = ""
            for g in grids {
                let parts = g.label.components(separatedBy: " × ")
                let image = parts.count == 2 ? parts[0] : g.label, inverter = parts.count == 2 ? parts[1] : ""
                if image != current { h += "<h3>\(HTML.escape(image))</h3>"; current = image }
                h += "<div class=\"grid\"><p>\(HTML.escape(inverter))</p><img alt=\"\(HTML.escape(g.label))\" src=\"data:image/png;base64,\(g.png.base64EncodedString())\"></div>"
            }
        }
        h += "<h2>Bad images</h2>"
        if bad.isEmpty {
            h += "<p>None.</p>"
        } else {
            h += "<table><tr><th>image</th><th>inverter</th><th>reason</th></tr>"
            for b in bad { h += "<tr><td class=\"l\">\(HTML.escape(b.key.image))</td><td class=\"l\">\(HTML.escape(b.key.inverter))</td><td class=\"l\">\(HTML.escape(b.note))</td></tr>" }
            h += "</table>"
        }
        return h + "</body></html>\n"
    }

    static func cell(_ mean: Double, _ lo: Double, _ hi: Double) -> String {
        String(format: "%.4g <small>[%.4g, %.4g]</small>", mean, lo, hi)
    }
}
