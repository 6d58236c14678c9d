import CacheAnalysis
import CacheModel

/// One self-contained page: inline CSS and SVG, no scripts, nothing from the network.
public enum HistoryHTML {
    /// Registry and image text, escaped for HTML text and attribute values.
    static func esc(_ text: String, limit: Int = 4096) -> String {
        var out = ""
        for c in Sanitize.inline(text, limit: limit) {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    static let css = """
        :root{--run:#d9534f;--cached:#3c9d5d;--unneeded:#9fd3ae;--base:#c9ced6;--ink:#1f2933;--muted:#616e7c;--line:#e4e7eb;--bg:#f7f8fa}
        *{box-sizing:border-box}
        body{margin:0;font:15px/1.45 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg)}
        main{max-width:1180px;margin:0 auto;padding:28px 32px 60px}
        h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:34px 0 12px}h3{font-size:16px;margin:0}
        code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px}
        .sub{color:var(--muted);margin:0 0 18px}
        .kpis{display:flex;gap:14px;flex-wrap:wrap;margin:18px 0 6px}
        .kpi{background:#fff;border:1px solid var(--line);border-radius:10px;padding:12px 18px;min-width:170px}
        .kpi b{display:block;font-size:26px;line-height:1.1}.kpi span{color:var(--muted);font-size:13px}
        .card{background:#fff;border:1px solid var(--line);border-radius:10px;padding:16px 20px;margin:0 0 12px}
        .pattern{border-left:5px solid #e0a800}.pattern .id{font-weight:700;color:#8a6100;margin-right:6px}
        .none{color:var(--muted)}
        .chips{margin-top:6px}.chip{display:inline-block;background:#eef1f5;border-radius:999px;padding:1px 9px;margin:2px 4px 0 0;font-size:12px}
        .legend{color:var(--muted);font-size:13px;margin:4px 0 8px}
        .sw{display:inline-block;width:11px;height:11px;border-radius:2px;vertical-align:-1px;margin:0 4px 0 12px}
        .build header{display:flex;justify-content:space-between;gap:16px;align-items:baseline;flex-wrap:wrap}
        .meta{color:var(--muted);font-size:13px}
        .verdict{margin:8px 0 4px}.verdict.bad{color:#a12622}.verdict.good{color:#22693a}
        .note{color:var(--muted);font-size:13px;margin:4px 0}
        .stage{margin:12px 0 0}.stage h4{margin:0 0 6px;font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
        table{border-collapse:collapse;width:100%}td{border-top:1px solid var(--line);padding:5px 8px;vertical-align:top;font-size:13px}
        td.st{width:92px;white-space:nowrap}td.rs{width:150px;white-space:nowrap;color:var(--muted)}
        .pill{display:inline-block;border-radius:4px;padding:0 7px;font-size:12px;font-weight:600;color:#fff}
        .pill.run{background:var(--run)}.pill.cached{background:var(--cached)}.pill.unneeded{background:var(--unneeded);color:#1e4d2b}
        .detail{color:var(--muted)}
        details summary{cursor:pointer;color:var(--muted);font-size:13px;margin-top:8px}
        """

    public static func render(_ r: HistoryReport) -> String {
        let explained = r.builds.filter(\.explained)
        let run = explained.map(\.stepsRun).reduce(0, +), cached = explained.map(\.stepsCached).reduce(0, +)
        let lost = r.builds.compactMap(\.timeLostSeconds).reduce(0, +)
        let missed = explained.filter { $0.stepsRun > 0 }.count
        var h = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        h += "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        h += "<title>Build cache history: \(esc(r.repository))</title><style>\(css)</style></head><body><main>\n"
        h +=
            "<h1>Build cache history</h1><p class=\"sub mono\">\(esc(r.repository)) · \(r.builds.count) build(s), oldest first · each build explained against the one it imported</p>\n"
        h += "<div class=\"kpis\">"
        h += kpi(explained.isEmpty ? "–" : "\(percent(cached, cached + run))%", "of steps served by the cache")
        h += kpi("\(run)", "steps ran in \(missed) of \(explained.count) explained build(s)")
        h += kpi(lost > 0 ? duration(lost, compact: true) : "–", "time lost in steps that ran (known durations)")
        h += kpi("\(r.patterns.count)", r.patterns.count == 1 ? "pattern found" : "patterns found")
        h += "</div>\n"

        h += "<h2>Patterns</h2>\n"
        if r.patterns.isEmpty {
            h += "<div class=\"card none\">No pattern found: the cache behaves as expected across these builds.</div>\n"
        }
        for p in r.patterns {
            h += "<div class=\"card pattern\" data-pattern=\"\(p.id.rawValue)\"><span class=\"id\">\(p.id.rawValue)</span>\(esc(p.message))"
            h +=
                "<div class=\"chips\">" + p.builds.map { "<span class=\"chip mono\">\(esc($0, limit: 128))</span>" }.joined()
                + "</div></div>\n"
        }

        h += "<h2>Steps per build</h2>\n<div class=\"card\">"
        h +=
            "<div class=\"legend\"><span class=\"sw\" style=\"background:var(--cached);margin-left:0\"></span>cached<span class=\"sw\" style=\"background:var(--unneeded)\"></span>matched, not needed<span class=\"sw\" style=\"background:var(--run)\"></span>ran</div>"
        h += chart(r.builds) + "</div>\n"

        h += "<h2>Builds, newest first</h2>\n"
        for (i, b) in r.builds.enumerated().reversed() { h += build(b, number: i + 1) }
        if !r.notes.isEmpty {
            h += "<h2>Notes</h2><div class=\"card\">" + r.notes.map { "<p class=\"note\">\(esc($0))</p>" }.joined() + "</div>\n"
        }
        h += "<p class=\"note\">Made by cachectl history from registry data: image configs and their inline cache, no build logs.</p>\n"
        h += "</main></body></html>\n"
        return h
    }

    static func kpi(_ value: String, _ label: String) -> String {
        "<div class=\"kpi\"><b>\(esc(value))</b><span>\(esc(label))</span></div>"
    }

    static func percent(_ a: Int, _ total: Int) -> Int { total == 0 ? 0 : Int((Double(a) * 100 / Double(total)).rounded()) }

    static func counts(_ b: HistoryBuild) -> (cached: Int, unneeded: Int, run: Int) {
        let steps = b.stages.flatMap(\.steps)
        return (
            steps.filter { $0.status == .cached }.count, steps.filter { $0.status == .unneeded }.count,
            steps.filter { $0.status == .run }.count
        )
    }

    /// One row per build: a stacked bar of cached / unneeded / run steps, and the time lost.
    static func chart(_ builds: [HistoryBuild]) -> String {
        let rowH = 30, labelW = 230, barW = 640, width = 1120
        let maxSteps = max(1, builds.map { $0.stages.flatMap(\.steps).count }.max() ?? 1)
        let height = max(1, builds.count) * rowH + 26
        var s =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"steps cached and run per build\" width=\"100%\" viewBox=\"0 0 \(width) \(height)\">"
        s += "<text x=\"\(labelW + barW + 20)\" y=\"14\" font-size=\"12\" fill=\"#616e7c\">ran / steps · time lost · first miss</text>"
        for (i, b) in builds.enumerated() {
            let y = 22 + i * rowH
            s +=
                "<a href=\"#build-\(i + 1)\"><g class=\"row\"><text x=\"0\" y=\"\(y + 15)\" font-size=\"13\" font-family=\"ui-monospace,Menlo,monospace\" fill=\"#1f2933\">\(esc(HistoryText.clip(b.tag, 28)))</text>"
            if !b.explained {
                s += "<rect x=\"\(labelW)\" y=\"\(y + 2)\" width=\"\(barW)\" height=\"18\" rx=\"3\" fill=\"#eef1f5\"/>"
                s +=
                    "<text x=\"\(labelW + 8)\" y=\"\(y + 15)\" font-size=\"12\" fill=\"#616e7c\">\(esc(b.notes.first?.message ?? "not explained", limit: 110))</text></g></a>"
                continue
            }
            let c = counts(b)
            var x = Double(labelW)
            for (n, color) in [(c.cached, "#3c9d5d"), (c.unneeded, "#9fd3ae"), (c.run, "#d9534f")] where n > 0 {
                let w = Double(barW) * Double(n) / Double(maxSteps)
                s +=
                    "<rect x=\"\(fmt(x))\" y=\"\(y + 2)\" width=\"\(fmt(w))\" height=\"18\" fill=\"\(color)\"><title>\(n) step(s)</title></rect>"
                x += w
            }
            let lost = b.timeLostSeconds.map { " · " + duration($0, compact: true) } ?? ""
            let why = b.firstMiss?.reason.map { " · " + $0.rawValue } ?? (c.run > 0 ? " · other stages" : "")
            s +=
                "<text x=\"\(labelW + barW + 20)\" y=\"\(y + 15)\" font-size=\"13\" fill=\"\(c.run > 0 ? "#a12622" : "#22693a")\">\(c.run) / \(c.cached + c.unneeded + c.run)\(esc(lost))\(esc(why))</text></g></a>"
        }
        return s + "</svg>"
    }

    static func fmt(_ v: Double) -> String { String(Double(Int(v * 10)) / 10) }

    static func build(_ b: HistoryBuild, number: Int) -> String {
        var h = "<section class=\"card build\" id=\"build-\(number)\" data-tag=\"\(esc(b.tag, limit: 256))\">"
        h +=
            "<header><h3 class=\"mono\">\(esc(b.tag, limit: 256))</h3><span class=\"meta mono\">\(esc(HistoryText.shortTime(b.created))) · \(esc(b.digest.short))</span></header>"
        if b.tags.count > 1 {
            h +=
                "<div class=\"meta\">also tagged "
                + b.tags.dropFirst().map { "<code>\(esc($0, limit: 128))</code>" }.joined(separator: ", ") + "</div>"
        }
        h += "<div class=\"meta\">imported: \(b.cacheFrom.map { "<code>\(esc($0, limit: 128))</code>" } ?? "nothing to compare with")</div>"
        if b.explained {
            let c = counts(b)
            if let cs = b.changeStart, c.run > 0 {
                let name = DiffHeadline.name(cs, stages: b.stages, limit: 100)
                h +=
                    "<p class=\"verdict bad\"><b>\(c.run) of \(c.cached + c.unneeded + c.run) steps ran.</b> The change starts at <span class=\"mono\">\(esc(name))</span> — <b>\(cs.step.reason?.rawValue ?? "run")</b>: \(esc(DiffHeadline.cause(cs.step)))</p>"
            } else if c.run > 0 {
                h +=
                    "<p class=\"verdict bad\"><b>\(c.run) of \(c.cached + c.unneeded + c.run) steps ran</b> in other stages; every layer of the image was served by the cache.</p>"
            } else {
                h += "<p class=\"verdict good\"><b>Fully cached:</b> no step ran.</p>"
            }
            if let t = b.timeLostSeconds {
                h +=
                    "<p class=\"note\">Time lost: \(esc(duration(t, compact: true))) in the steps that ran (their durations as this build's cache records them; steps of unknown duration not counted).</p>"
            }
        }
        for n in b.notes { h += "<p class=\"note\">\(esc(n.message))</p>" }
        if !b.stages.isEmpty {
            let c = counts(b)
            h += c.run > 0 ? "<details open>" : "<details>"
            h += "<summary>Stages and steps</summary>"
            // In build order, as diff's text and markdown list them.
            let titles = DiffText.titles(b.stages)
            for i in DiffText.buildOrder(b.stages) {
                let st = b.stages[i]
                h += "<div class=\"stage\"><h4>\(esc(titles[i]))</h4><table>"
                var shown: String?
                let w = HistoryJSON.wording(b)
                for v in st.steps {
                    h +=
                        "<tr class=\"step \(v.status.rawValue)\"><td class=\"st\"><span class=\"pill \(v.status.rawValue)\">\(v.status.rawValue)</span></td>"
                    h +=
                        "<td class=\"rs\">\(v.reason?.rawValue ?? "")</td><td><span class=\"mono\">\(esc(DiffText.label(v), limit: 200))</span>"
                    // One detail per run of steps that share it, not the same sentence on every row.
                    let detail = w.detail(v)
                    if v.status == .run && detail != shown { h += "<div class=\"detail\">\(esc(detail))</div>"; shown = detail }
                    h += "</td></tr>"
                }
                h += "</table></div>"
            }
            h += "</details>"
        }
        return h + "</section>\n"
    }
}
