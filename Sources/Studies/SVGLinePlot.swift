import Foundation

/// A small self-contained SVG line chart: one polyline with dots per series, an optional shaded band per series
/// (a confidence interval), axes with min/max ticks, a legend.
public struct SVGLinePlot: Sendable {
    public struct Series: Sendable {
        public var label: String
        public var points: [(x: Double, y: Double)]
        /// The band drawn behind the line (e.g. a 95% CI), one `(x, low, high)` per point; empty: no band.
        public var band: [(x: Double, low: Double, high: Double)]
        public init(label: String, points: [(x: Double, y: Double)], band: [(x: Double, low: Double, high: Double)] = []) {
            self.label = label; self.points = points; self.band = band
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    public var width = 420.0, height = 280.0

    public init(title: String, xLabel: String, yLabel: String, series: [Series]) {
        self.title = title; self.xLabel = xLabel; self.yLabel = yLabel; self.series = series
    }

    static let colors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"]

    public var svg: String {
        let bandPoints = series.flatMap { s in s.band.flatMap { [(x: $0.x, y: $0.low), (x: $0.x, y: $0.high)] } }
        let pts = (series.flatMap(\.points) + bandPoints).filter { $0.x.isFinite && $0.y.isFinite }
        // The legend sits under the x label, one line per series, so it never covers the lines.
        let legendHeight = 14.0 * Double(series.count)
        let height = self.height + legendHeight
        let left = 60.0, right = 20.0, top = 30.0, bottom = 45.0 + legendHeight
        let pw = width - left - right, ph = height - top - bottom
        var x0 = pts.map(\.x).min() ?? 0, x1 = pts.map(\.x).max() ?? 1
        var y0 = pts.map(\.y).min() ?? 0, y1 = pts.map(\.y).max() ?? 1
        if x1 == x0 { x0 -= 1; x1 += 1 }
        if y1 == y0 { y0 -= abs(y0) * 0.1 + 1e-6; y1 += abs(y1) * 0.1 + 1e-6 }
        let pad = (y1 - y0) * 0.05
        y0 -= pad; y1 += pad
        func sx(_ x: Double) -> Double { left + (x - x0) / (x1 - x0) * pw }
        func sy(_ y: Double) -> Double { top + (1 - (y - y0) / (y1 - y0)) * ph }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        func label(_ v: Double) -> String { String(format: "%.4g", v) }
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plot\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">"
        s += "<rect x=\"0\" y=\"0\" width=\"\(Int(width))\" height=\"\(Int(height))\" fill=\"#fff\"/>"
        s += "<text x=\"\(f(width / 2))\" y=\"18\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\">\(HTML.escape(title))</text>"
        s += "<line x1=\"\(f(left))\" y1=\"\(f(top + ph))\" x2=\"\(f(left + pw))\" y2=\"\(f(top + ph))\" stroke=\"#333\"/>"
        s += "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + ph))\" stroke=\"#333\"/>"
        let xs = Array(Set(pts.map(\.x))).sorted()
        for x in (xs.count <= 12 ? xs : [x0, x1]) {
            s += "<text x=\"\(f(sx(x)))\" y=\"\(f(top + ph + 14))\" text-anchor=\"middle\" font-size=\"10\">\(label(x))</text>"
        }
        for y in [y0 + pad, (y0 + y1) / 2, y1 - pad] {
            s += "<text x=\"\(f(left - 4))\" y=\"\(f(sy(y) + 3))\" text-anchor=\"end\" font-size=\"10\">\(label(y))</text>"
            s += "<line x1=\"\(f(left))\" y1=\"\(f(sy(y)))\" x2=\"\(f(left + pw))\" y2=\"\(f(sy(y)))\" stroke=\"#eee\"/>"
        }
        s += "<text x=\"\(f(left + pw / 2))\" y=\"\(f(top + ph + 30))\" text-anchor=\"middle\" font-size=\"11\">\(HTML.escape(xLabel))</text>"
        s += "<text x=\"12\" y=\"\(f(top + ph / 2))\" text-anchor=\"middle\" font-size=\"11\" transform=\"rotate(-90 12 \(f(top + ph / 2)))\">\(HTML.escape(yLabel))</text>"
        for (i, series) in series.enumerated() {     // bands first, under every line
            let b = series.band.filter { $0.x.isFinite && $0.low.isFinite && $0.high.isFinite }.sorted { $0.x < $1.x }
            guard b.count >= 2 else { continue }
            let outline = b.map { "\(f(sx($0.x))),\(f(sy($0.high)))" } + b.reversed().map { "\(f(sx($0.x))),\(f(sy($0.low)))" }
            s += "<polygon class=\"band\" fill=\"\(Self.colors[i % Self.colors.count])\" fill-opacity=\"0.15\" stroke=\"none\" "
                + "points=\"\(outline.joined(separator: " "))\"/>"
        }
        for (i, series) in series.enumerated() {
            let color = Self.colors[i % Self.colors.count]
            let p = series.points.filter { $0.x.isFinite && $0.y.isFinite }.sorted { $0.x < $1.x }
            s += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(p.map { "\(f(sx($0.x))),\(f(sy($0.y)))" }.joined(separator: " "))\"/>"
            for q in p { s += "<circle cx=\"\(f(sx(q.x)))\" cy=\"\(f(sy(q.y)))\" r=\"3\" fill=\"\(color)\"/>" }
            let ly = top + ph + 38 + Double(i) * 14
            s += "<rect x=\"\(f(left))\" y=\"\(f(ly))\" width=\"10\" height=\"10\" fill=\"\(color)\"/>"
            s += "<text x=\"\(f(left + 14))\" y=\"\(f(ly + 9))\" font-size=\"10\">\(HTML.escape(series.label))</text>"
        }
        return s + "</svg>"
    }
}

enum HTML {
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
