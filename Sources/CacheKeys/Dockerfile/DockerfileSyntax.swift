/// A Dockerfile parsed as BuildKit's parser reads it (`frontend/dockerfile/parser`,
/// `frontend/dockerfile/instructions`): directives, instructions with their flags, arguments and
/// heredocs, and the stages. Pure: the text is passed in.
public struct ParsedDockerfile: Sendable, Equatable {
    /// Parser directives at the top (`syntax`, `escape`, `check`), lowercased names.
    public var directives: [Directive]
    /// The escape character (`\` or `` ` ``).
    public var escape: Unicode.Scalar
    public var instructions: [DockerInstruction]
    /// What cachectl reads but cannot turn into keys (e.g. `ONBUILD`, `HEALTHCHECK` options), by line.
    public var unsupported: [DockerfileIssue]
    /// BuildKit's own parser warnings (empty continuation lines).
    public var warnings: [DockerfileIssue]

    public init(
        directives: [Directive], escape: Unicode.Scalar, instructions: [DockerInstruction],
        unsupported: [DockerfileIssue] = [], warnings: [DockerfileIssue] = []
    ) {
        self.directives = directives; self.escape = escape; self.instructions = instructions
        self.unsupported = unsupported; self.warnings = warnings
    }

    /// The `# syntax=` directive's value, if any.
    public var syntax: String? { directives.first { $0.name == "syntax" }?.value }

    /// `ARG`s before the first `FROM` (global scope).
    public var globalArgs: [ArgDeclaration] {
        instructions.prefix { $0.keyword != "FROM" }.flatMap { i -> [ArgDeclaration] in
            if case let .arg(a) = i.command { return a }
            return []
        }
    }

    /// The stages, in order.
    public var stages: [DockerStage] {
        var out: [DockerStage] = []
        for (i, ins) in instructions.enumerated() {
            if case let .from(base, name, platform) = ins.command {
                out.append(DockerStage(index: out.count, fromInstruction: i, name: name, base: base, platform: platform))
            }
        }
        return out
    }

    /// Instructions of stage `index` after its `FROM`.
    public func instructions(ofStage index: Int) -> [DockerInstruction] {
        instructions.filter { $0.stage == index && $0.keyword != "FROM" }
    }
}

public struct Directive: Sendable, Equatable {
    public var name: String
    public var value: String
    public var line: Int
    public init(name: String, value: String, line: Int) { self.name = name; self.value = value; self.line = line }
}

/// Something in a Dockerfile that cachectl cannot follow, at its line (never dropped silently).
public struct DockerfileIssue: Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public init(line: Int, message: String) { self.line = line; self.message = message }
    public var description: String { "line \(line): \(message)" }
}

public struct DockerStage: Sendable, Equatable {
    /// 0-based stage index.
    public var index: Int
    /// Index of its `FROM` in `instructions`.
    public var fromInstruction: Int
    /// The name after `AS`, lowercased.
    public var name: String?
    /// The base as written (before `ARG` expansion).
    public var base: String
    /// `--platform` as written.
    public var platform: String?
}

/// A `--name[=value]` flag of an instruction.
public struct InstructionFlag: Sendable, Equatable {
    public var name: String
    /// Nil for a bare boolean flag (`--link`).
    public var value: String?
    public init(name: String, value: String?) { self.name = name; self.value = value }

    /// The flag as one word, `--name=value` (or `--name`).
    public var word: String { value.map { "--\(name)=\($0)" } ?? "--\(name)" }
}

/// A heredoc body (`<<EOT`, `<<-EOT`, `<<"EOT"`).
public struct Heredoc: Sendable, Equatable {
    public var name: String
    /// The body, each line with its newline, as BuildKit reads it.
    public var content: String
    /// `<<-`: leading tabs are removed from the body and the terminator.
    public var chomp: Bool
    /// False when the delimiter is quoted (no expansion of the body).
    public var expand: Bool
    public var fileDescriptor: Int
    public init(name: String, content: String, chomp: Bool, expand: Bool, fileDescriptor: Int = 0) {
        self.name = name; self.content = content; self.chomp = chomp; self.expand = expand
        self.fileDescriptor = fileDescriptor
    }

    /// The body with leading tabs removed from each line when `chomp` is set.
    public var effectiveContent: String {
        guard chomp else { return content }
        // `(?m)^\t+` removed: by scalars, so that a CRLF line end is not one character.
        var out = String.UnicodeScalarView()
        var lineStart = true
        for c in content.unicodeScalars {
            if lineStart && c == "\t" { continue }
            lineStart = c == "\n"
            out.append(c)
        }
        return String(out)
    }
}

public struct KeyValue: Sendable, Equatable {
    public var key: String
    public var value: String
    public init(key: String, value: String) { self.key = key; self.value = value }
}

public struct ArgDeclaration: Sendable, Equatable {
    public var key: String
    /// The default as written (quotes and variables not yet processed), if any.
    public var defaultValue: String?
    public init(key: String, defaultValue: String?) { self.key = key; self.defaultValue = defaultValue }
}

/// A command line: exec form (JSON array) or shell form (one string).
public enum CommandForm: Sendable, Equatable {
    case exec([String])
    case shell(String)
}

/// What an instruction says, typed. Words are as written: variables are expanded when the build
/// is planned (they depend on the stage's `ARG`/`ENV` state).
public enum DockerCommand: Sendable, Equatable {
    case from(base: String, name: String?, platform: String?)
    case run(CommandForm)
    case cmd(CommandForm)
    case entrypoint(CommandForm)
    case shell([String])
    /// COPY and ADD: sources (heredoc sources are named `<<NAME` and found in `heredocs`), destination.
    case copy(sources: [String], dest: String)
    case add(sources: [String], dest: String)
    case workdir(String)
    case env([KeyValue])
    case arg([ArgDeclaration])
    case user(String)
    case label([KeyValue])
    case expose([String])
    case volume([String])
    case stopSignal(String)
    case maintainer(String)
    case healthcheck(String)
    case onbuild(String)
    /// Not produced by the parser (an unknown instruction is an error, as in BuildKit); kept so
    /// that callers building instructions by hand can say "other".
    case unknown(String)
}

public struct DockerInstruction: Sendable, Equatable {
    /// The keyword, uppercased (`RUN`, `COPY`…).
    public var keyword: String
    /// 1-based first and last line (heredoc bodies included).
    public var line: Int
    public var endLine: Int
    /// The instruction's text with continuation lines joined, as BuildKit keeps it (`Node.Original`).
    public var original: String
    public var flags: [InstructionFlag]
    /// Everything after the keyword and the flags, trimmed.
    public var arguments: String
    public var heredocs: [Heredoc]
    public var command: DockerCommand
    /// Index of the stage (-1 before the first `FROM`).
    public var stage: Int

    public init(
        keyword: String, line: Int, endLine: Int, original: String, flags: [InstructionFlag], arguments: String,
        heredocs: [Heredoc], command: DockerCommand, stage: Int
    ) {
        self.keyword = keyword; self.line = line; self.endLine = endLine; self.original = original; self.flags = flags
        self.arguments = arguments; self.heredocs = heredocs; self.command = command; self.stage = stage
    }

    /// The value of flag `name` (last one wins), "" for a bare flag, nil when absent.
    public func flag(_ name: String) -> String? {
        flags.last { $0.name == name }.map { $0.value ?? "" }
    }

    /// Every value of a repeatable flag (`--mount`, `--exclude`).
    public func flagValues(_ name: String) -> [String] { flags.filter { $0.name == name }.compactMap(\.value) }

    /// A boolean flag: present bare, or `=true`.
    public func boolFlag(_ name: String) -> Bool {
        guard let v = flag(name) else { return false }
        return v.isEmpty || v.lowercased() == "true"
    }

    /// The flags as words (`--mount=type=cache,target=/x`).
    public var flagWords: [String] { flags.map(\.word) }

    /// Arguments with runs of white space collapsed to one space (the lint view).
    public var body: String {
        arguments.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " ")
    }
}

/// A parse failure, with where it happened (1-based line and column; column 0 when unknown).
public struct DockerfileError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case invalidEscapeToken(String)
        case duplicateDirective(String)
        case unterminatedHeredoc(String)
        case invalidJSON(String)
        case missingArguments(instruction: String, expected: String)
        case invalidFlag(String)
        case invalidStageName(String)
        case expansion(String)
        case noInstructions
        case heredocAsDestination
        case unknownInstruction(String)
    }

    public var kind: Kind
    public var line: Int
    public var column: Int

    public init(_ kind: Kind, line: Int, column: Int = 0) { self.kind = kind; self.line = line; self.column = column }

    public var description: String { "line \(line)\(column > 0 ? ":\(column)" : ""): \(message)" }

    /// What is wrong, without where.
    public var message: String {
        let what: String
        switch kind {
        case let .invalidEscapeToken(t): what = "invalid escape token '\(t)': use ` or \\"
        case let .duplicateDirective(d): what = "only one \(d) parser directive can be used"
        case let .unterminatedHeredoc(n): what = "unterminated heredoc \(n): add a line holding only \(n)"
        case let .invalidJSON(d): what = "invalid JSON array: \(d)"
        case let .missingArguments(i, e): what = "\(i) requires \(e)"
        case let .invalidFlag(f): what = "invalid flag \(f)"
        case let .invalidStageName(n): what = "invalid stage name \"\(n)\": use letters, digits, '-', '_' and '.', starting with a letter"
        case let .expansion(e): what = e
        case .noInstructions: what = "file with no instructions"
        case .heredocAsDestination: what = "a heredoc cannot be the destination of COPY or ADD"
        case let .unknownInstruction(k): what = "unknown instruction: \(k.isEmpty ? "(empty line)" : k)"
        }
        return what
    }
}

extension DockerInstruction {
    /// The form BuildKit writes to an image's history for this instruction: keyword and
    /// arguments, flags left out, an exec form flattened (`["a","b c"]` → `a b c`), white space
    /// collapsed. Lint, diff and history match image history to Dockerfile lines with it.
    public var historyForm: String {
        var text = body
        if ["RUN", "CMD", "ENTRYPOINT"].contains(keyword) {
            switch command {
            case let .run(.exec(a)), let .cmd(.exec(a)), let .entrypoint(.exec(a)): text = a.joined(separator: " ")
            default: break
            }
        }
        return (keyword + " " + text).split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " ")
    }
}
