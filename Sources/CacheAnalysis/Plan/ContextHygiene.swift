import CacheKeys
import CacheModel

/// A context copy that will run only because of files a build rarely needs (VCS metadata,
/// dependency folders the image installs itself, logs, editor and OS files, build outputs), and the
/// `.dockerignore` lines that keep such changes from making it run again. Proposed only when every
/// file the copy changes is covered; a line whose files a `RUN` of the build may read (it names
/// them) is marked to check, never proposed as safe.
public struct HygieneProposal: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case vcs, dependencies, logs, editor, os, cache, buildOutput = "build-output"
    }
    public struct Line: Sendable, Equatable {
        /// The `.dockerignore` line.
        public let pattern: String
        public let kind: Kind
        /// Changed files it covers.
        public let files: Int
        /// A `RUN` of the build that names what it ignores (its printed name), when one does.
        public let readBy: String?
    }
    /// Index into `diff.stages`, then into that stage's `steps`: the copy.
    public let stage: Int
    public let step: Int
    public let lines: [Line]
    /// The steps that run because of the copy (it included; not those that depend on a stage's
    /// output), and their time when last built.
    public let steps: Int
    public let seconds: Double?
    /// Whether every line is safe (no `RUN` names what it ignores).
    public var safe: Bool { lines.allSatisfy { $0.readBy == nil } }
}

extension PlanReport {
    /// The proposals for the copies whose changed files are listed.
    public var hygiene: [HygieneProposal] {
        var out: [HygieneProposal] = []
        let runs = diff.stages.flatMap(\.steps).filter { $0.status == .run }
        for (si, st) in diff.stages.enumerated() {
            for (k, v) in st.steps.enumerated() where v.status == .run {
                guard let files = v.files, !files.isEmpty, case .contentChanged = v.cause else { continue }
                var lines: [String: (kind: HygieneProposal.Kind, files: Int)] = [:]
                var covered = true
                for f in files {
                    guard let (pattern, kind) = Self.rarelyNeeded(f.path) else { covered = false; break }
                    lines[pattern, default: (kind, 0)].files += 1
                }
                guard covered, !lines.isEmpty else { continue }
                let following = runs.filter { r in
                    if case let .upstream(_, root) = r.cause { return root == v.record }
                    return r.record == v.record
                }
                let known = following.compactMap(\.duration.seconds)
                let out1 = lines.sorted { $0.key < $1.key }.map { pattern, e in
                    HygieneProposal.Line(
                        pattern: pattern, kind: e.kind, files: e.files,
                        readBy: Self.reader(of: pattern, kind: e.kind, after: v, in: diff.stages))
                }
                out.append(
                    HygieneProposal(
                        stage: si, step: k, lines: out1, steps: following.count,
                        seconds: known.isEmpty ? nil : (known.reduce(0, +) * 1000).rounded() / 1000))
            }
        }
        return out
    }

    /// The `.dockerignore` line for a context path a build rarely needs, and what it is.
    static func rarelyNeeded(_ path: String) -> (String, HygieneProposal.Kind)? {
        let parts = GoPath.parts(path).filter { !$0.isEmpty }  // on bytes: a combining mark after a slash joins it into one Character
        guard let name = parts.last else { return nil }
        func dir(_ d: String, _ kind: HygieneProposal.Kind, topOnly: Bool = false) -> (String, HygieneProposal.Kind)? {
            guard let i = parts.firstIndex(of: d) else { return nil }
            if i == 0 { return (d, kind) }
            return topOnly ? nil : ("**/" + d, kind)
        }
        if let d = dir(".git", .vcs) ?? dir(".hg", .vcs) ?? dir(".svn", .vcs) { return d }
        if let d = dir("node_modules", .dependencies) ?? dir(".venv", .dependencies) ?? dir("__pycache__", .cache)
            ?? dir(".pytest_cache", .cache) ?? dir(".mypy_cache", .cache) ?? dir(".gradle", .cache)
        {
            return d
        }
        if let d = dir(".idea", .editor) ?? dir(".vscode", .editor) { return d }
        if let d = dir("dist", .buildOutput, topOnly: true) ?? dir("build", .buildOutput, topOnly: true)
            ?? dir("target", .buildOutput, topOnly: true) ?? dir("coverage", .buildOutput, topOnly: true)
        {
            return d
        }
        if name == ".DS_Store" || name == "Thumbs.db" { return ("**/" + name, .os) }
        for (suffix, kind) in [(".log", HygieneProposal.Kind.logs), (".swp", .editor), (".swo", .editor), ("~", .editor), (".pyc", .cache)]
        where name.hasSuffix(suffix) && name.count > suffix.count {
            return ("**/*" + suffix, kind)
        }
        return nil
    }

    /// A `RUN` of the build, after the copy in its stage or in any other stage, that names what
    /// `pattern` ignores (`git` for VCS metadata, the folder or suffix otherwise). Build outputs are
    /// always worth a check: the build that copies them may mean to.
    static func reader(of pattern: String, kind: HygieneProposal.Kind, after copy: StepVerdict, in stages: [StageVerdict]) -> String? {
        var word = GoPath.base(pattern).filter { $0 != "*" }
        if kind == .vcs { word = String(word.dropFirst()) }  // `.git` → `git`
        for st in stages {
            for s in st.steps where s.record != copy.record {
                let text = s.name?.printed ?? s.createdBy ?? ""
                guard text.contains("RUN ") else { continue }
                if text.contains(word) { return s.name?.printed ?? StepText.normalizedHistory(text) }
            }
        }
        if kind == .buildOutput { return copy.name?.printed ?? copy.createdBy ?? "COPY" }
        return nil
    }
}
