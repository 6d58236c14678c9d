/// ANSI styling, off unless the output is a terminal.
public struct Style: Sendable {
    public let color: Bool
    public init(color: Bool) { self.color = color }
    func bold(_ s: String) -> String { color ? "\u{1b}[1m\(s)\u{1b}[0m" : s }
    func dim(_ s: String) -> String { color ? "\u{1b}[2m\(s)\u{1b}[0m" : s }
    func green(_ s: String) -> String { color ? "\u{1b}[32m\(s)\u{1b}[0m" : s }
    func red(_ s: String) -> String { color ? "\u{1b}[31m\(s)\u{1b}[0m" : s }
    func yellow(_ s: String) -> String { color ? "\u{1b}[33m\(s)\u{1b}[0m" : s }
}

func humanSize(_ n: Int) -> String {
    if n < 1024 { return "\(n) B" }
    var v = Double(n) / 1024
    for unit in ["KiB", "MiB", "GiB"] {
        if v < 1024 { return (v < 10 ? String(Int(v * 10) / 10) + "." + String(Int(v * 10) % 10) : String(Int(v))) + " " + unit }
        v /= 1024
    }
    return "\(Int(v)) TiB"
}

func pad(_ s: String, _ width: Int) -> String {
    s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
}

func padLeft(_ s: String, _ width: Int) -> String {
    s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
}

/// A duration: `4.2 s`, `3 min 12 s`, `1 h 5 min`; compact (table cells): `4.2s`, `3m12s`.
func duration(_ x: Double, compact: Bool = false) -> String {
    if x < 60 {
        let tenths = Int((x * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)" + (compact ? "s" : " s")
    }
    let m = Int(x) / 60, sec = Int(x.rounded()) % 60
    if compact { return "\(m)m\(String(sec + 100).dropFirst())s" }
    return m >= 60 ? "\(m / 60) h \(m % 60) min" : "\(m) min \(sec) s"
}
