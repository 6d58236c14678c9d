import CacheKeys
import CacheModel
import XCTest

final class LLBBuildPlanTests: XCTestCase {
    let base = BaseImage(
        resolvedDigest: try! Digest(parsing: "sha256:" + String(repeating: "a", count: 64)),
        env: ["PATH=/bin", "HOME=/root"], diffIDs: [try! Digest(parsing: "sha256:" + String(repeating: "b", count: 64))])

    func plan(_ text: String, _ options: BuildOptions = BuildOptions()) throws -> BuildPlan {
        try BuildPlan.plan(ParsedDockerfile(parsing: text), options: options, baseImages: ["img": base])
    }

    func exec(_ step: PlannedStep) -> String { step.records.first?.json ?? "" }

    func testEnvOrderArgsAndNames() throws {
        let p = try plan(
            """
            ARG V=1
            FROM img AS deps
            ARG V
            ARG X=$V-x
            ENV A=a
            RUN true
            FROM deps AS build
            RUN echo $X
            """)
        let steps = p.steps
        XCTAssertEqual(
            steps.map(\.name),
            [
                "[deps 1/2] FROM docker.io/library/img:latest@sha256:" + String(repeating: "a", count: 64),
                "[deps 2/2] RUN true", "[build 1/1] RUN echo 1-x",
            ])
        XCTAssertEqual(steps[0].records.map(\.role), [.imageManifest, .imageConfig])
        XCTAssertTrue(exec(steps[1]).contains(#""env":["PATH=/bin","HOME=/root","V=1","X=1-x","A=a"]"#), exec(steps[1]))
        // A stage built FROM another one re-applies the image's env: it moves after the ARGs.
        XCTAssertTrue(exec(steps[2]).contains(#""env":["V=1","X=1-x","PATH=/bin","HOME=/root","A=a"]"#), exec(steps[2]))
    }

    func testEnvPairsExpandAgainstThePreviousEnvironment() throws {
        let p = try plan("FROM img\nENV A=1 B=x$A\nENV C=$A\nARG TARGETARCH U=$TARGETARCH\nARG TARGETSTAGE\nRUN true\n")
        // A global (predefined) ARG is in a stage only once declared there.
        XCTAssertTrue(exec(p.steps[1]).contains(#""B=x","C=1","TARGETARCH=amd64","U=amd64","TARGETSTAGE=default""#), exec(p.steps[1]))
    }

    func testBaseImageNamesToResolve() throws {
        let df = try ParsedDockerfile(
            parsing: """
                ARG BASE=img
                FROM ${BASE} AS a
                FROM scratch AS b
                COPY --from=tool:1 /x /x
                FROM a
                COPY --from=b /x /y
                RUN --mount=from=cache:2,target=/c true
                """)
        XCTAssertEqual(try BuildPlan.baseImageNames(df, options: BuildOptions()), ["img", "tool:1", "cache:2"])
        let p = try BuildPlan.plan(df, options: BuildOptions(), baseImages: ["img": base, "tool:1": base])
        XCTAssertEqual(p.imageSources.map(\.line), [4, 7])
        XCTAssertEqual(p.imageSources[0].records.map(\.record), p.steps[0].records.map(\.record))
        XCTAssertNotNil(p.imageSources[1].unknown)
        XCTAssertEqual(try BuildPlan.baseImageNames(df, options: BuildOptions(buildArgs: ["BASE": "other"], target: "a")), ["other"])
    }

    /// A lone stage is printed without its name, unless a RUN --mount or a COPY --from of an image gives
    /// the frontend another state (BuildKit v0.25 printed `[stage-0 4/7] RUN --mount=type=secret…`).
    func testLoneStageNamedWhenAMountOrAnImageCopyAddsAState() throws {
        XCTAssertEqual(try plan("FROM img\nRUN true\n").steps[1].name, "[2/2] RUN true")
        XCTAssertEqual(
            try plan("FROM img\nRUN --mount=type=secret,id=t true\nRUN true\n").steps.map(\.name).dropFirst(),
            ["[stage-0 2/3] RUN --mount=type=secret,id=t true", "[stage-0 3/3] RUN true"])
        XCTAssertEqual(
            try plan("FROM img AS app\nRUN --mount=type=cache,target=/c true\n").steps[1].name,
            "[app 2/2] RUN --mount=type=cache,target=/c true")
        XCTAssertEqual(try plan("FROM img\nCOPY --from=img /a /b\n").steps[1].name, "[stage-0 2/2] COPY --from=img /a /b")
    }

    /// A base image's ONBUILD triggers run first, printed after the FROM was numbered (BuildKit v0.25:
    /// `[1/4] FROM …`, `[2/6] ONBUILD COPY trigger.txt /trigger/`), keyed as the same instructions would be.
    func testBaseImageOnBuildTriggersRunFirst() throws {
        var parent = base
        parent.onBuild = ["COPY trigger.txt /trigger/", "RUN cat /trigger/trigger.txt"]
        let text = "FROM img\nWORKDIR /app\nRUN true\n"
        let p = try BuildPlan.plan(ParsedDockerfile(parsing: text), options: BuildOptions(), baseImages: ["img": parent])
        XCTAssertEqual(
            p.steps.map(\.name).dropFirst(),
            [
                "[2/5] ONBUILD COPY trigger.txt /trigger/", "[3/5] ONBUILD RUN cat /trigger/trigger.txt",
                "[4/5] WORKDIR /app", "[5/5] RUN true",
            ])
        XCTAssertTrue(p.steps[0].name.hasPrefix("[1/3] FROM "), p.steps[0].name)
        XCTAssertNil(p.steps[1].unknown)
        let same = try BuildPlan.plan(
            ParsedDockerfile(parsing: "FROM img\nCOPY trigger.txt /trigger/\nRUN cat /trigger/trigger.txt\nWORKDIR /app\nRUN true\n"),
            options: BuildOptions(), baseImages: ["img": base])
        XCTAssertEqual(p.steps.map(\.records), same.steps.map(\.records))
    }

    func testNetworkWorkdirUserAndPadding() throws {
        let text = "FROM img\nUSER app\n" + String(repeating: "RUN true\n", count: 9) + "WORKDIR /w\n"
        let p = try plan(text, BuildOptions(network: .none, formula: .current))
        let steps = p.steps
        XCTAssertEqual(steps.count, 11)
        XCTAssertEqual(steps[1].name, "[ 2/11] RUN true")
        XCTAssertTrue(exec(steps[1]).contains(#""user":"app""#))
        XCTAssertTrue(exec(steps[1]).contains(#""network":2"#))
        XCTAssertEqual(steps[10].kind, .workdir)
        XCTAssertTrue(steps[10].records[0].json!.contains("Actions"))
    }

    /// Mounts as the LLB client writes them: sorted by target, a context bind mount read-only on
    /// input 1 without output, a secret after them with output 0 (not verified against a build).
    func testRunMounts() throws {
        let p = try plan(
            "FROM img\nRUN --mount=type=secret,id=tok --mount=type=bind,source=go.mod,target=/m/go.mod --mount=type=tmpfs,target=/t true\n")
        let json = exec(p.steps[1])
        XCTAssertTrue(
            json.contains(
                #""mounts":[{"dest":"/"},{"input":1,"dest":"/m/go.mod","output":-1,"readonly":true},{"input":-1,"dest":"/t","output":-1,"mountType":4,"TmpfsOpt":{}},{"input":-1,"dest":"/run/secrets/tok","mountType":1,"secretOpt":{"ID":"tok","mode":256,"optional":true}}]"#
            ), json)
        XCTAssertEqual(p.steps[1].sources.map(\.path), ["/go.mod"])
    }

    func testBuilderFlagsEnterEveryRun() throws {
        var o = BuildOptions()
        o.extraHosts = [ExecOp.HostIP(host: "db", ip: "10.0.0.2")]
        o.ulimits = [ExecOp.Ulimit(name: "nofile", soft: 1024, hard: 2048)]
        o.shmSize = 1 << 20
        let json = exec(try plan("FROM img\nRUN true\n", o).steps[1])
        XCTAssertTrue(json.contains(#""extraHosts":[{"Host":"db"}],"ulimit":[{"Name":"nofile","Soft":1024,"Hard":2048}]"#), json)
        XCTAssertTrue(json.contains(#"{"input":-1,"dest":"/dev/shm","output":-1,"mountType":4,"TmpfsOpt":{"size":1048576}}"#), json)
    }

    /// A heredoc starting with `#!` runs as a file mounted at /dev/pipes (not verified against a build).
    func testShebangHeredocRunsAMountedFile() throws {
        let p = try plan("FROM img\nRUN <<EOT\n#!/bin/bash\necho hi\nEOT\n")
        let json = exec(p.steps[1])
        XCTAssertTrue(json.contains(#""args":["/bin/sh","-c","/dev/pipes/EOT"]"#), json)
        XCTAssertTrue(json.contains(#"{"input":1,"dest":"/dev/pipes/","output":-1,"readonly":true}"#), json)
        XCTAssertEqual(p.steps[1].records[0].inputs, [.previous, .source(.inline("#!/bin/bash\necho hi\n"))])
        XCTAssertEqual(p.steps[1].name, "[2/2] RUN <<EOT (#!/bin/bash...)")
    }

    /// Each action after the first works on the previous one, numbered after all the op's inputs:
    /// two context files and a heredoc give inputs [stage, context, heredoc] and actions on 0, 3, 4.
    func testChainedCopyActionsCountEveryInput() throws {
        let p = try plan("FROM img\nCOPY a <<EOF b /d/\nx\nEOF\n")
        let json = try XCTUnwrap(p.steps[1].records.first?.json)
        XCTAssertTrue(json.hasSuffix(#""indexes":[[0,1,-1],[3,1,-1],[4,2,0]]}"#), json)
        XCTAssertEqual(p.steps[1].records[0].inputs, [.previous, .source(.context), .source(.inline("x\n"))])
        XCTAssertEqual(p.steps[1].history, "COPY a b <<EOF /d/ # buildkit")
    }

    func testCopyLinkHasACopyAndAMerge() throws {
        let p = try plan("FROM img AS a\nFROM img\nCOPY --link --from=a /x /y\nCOPY --link --chmod=644 z /z\n")
        let steps = p.steps.filter { $0.kind == .copy }
        XCTAssertEqual(steps[0].records.map(\.role), [.linkCopy, .merge])
        XCTAssertEqual(steps[0].sources.map(\.origin), [.stage(0, "a")])
        XCTAssertEqual(steps[0].sources.map(\.path), ["/x"])
        // --link with --chmod is not linked by the frontend.
        XCTAssertEqual(steps[1].records.map(\.role), [.file])
    }

    func testWhatCannotBeComputedIsUnknown() throws {
        let p = try plan("FROM img\nADD https://example.com/a.tgz /a\nRUN true\n")
        XCTAssertNotNil(p.steps.first { $0.kind == .add }?.unknown)
        XCTAssertNil(p.steps.last?.unknown)
        let other = try plan("FROM img\nFROM other\nRUN true\n")
        XCTAssertEqual(other.stages[1].steps.count, 2)
        XCTAssertTrue(other.stages[1].steps.allSatisfy { $0.unknown != nil })
        let syntax = try plan("# syntax=example.com/my/frontend\nFROM img\nRUN true\n")
        XCTAssertTrue(syntax.steps.allSatisfy { $0.unknown != nil && $0.records.isEmpty })
        XCTAssertFalse(syntax.issues.isEmpty)
    }

    func testSyntaxDirectiveChoosesTheFrontendVariant() {
        XCTAssertEqual(SyntaxFrontend(directive: nil), .builtIn)
        XCTAssertEqual(SyntaxFrontend(directive: "docker/dockerfile:1"), .official(tag: "1", frontend: .v022OrLater))
        XCTAssertEqual(SyntaxFrontend(directive: "docker.io/docker/dockerfile:1.4"), .official(tag: "1.4", frontend: .beforeV011))
        XCTAssertEqual(SyntaxFrontend(directive: "docker/dockerfile:1.7-labs"), .official(tag: "1.7-labs", frontend: .v011ToV021))
        XCTAssertEqual(SyntaxFrontend(directive: "docker/dockerfile:1.16.0"), .official(tag: "1.16.0", frontend: .v022OrLater))
        XCTAssertEqual(
            SyntaxFrontend(directive: "docker/dockerfile@sha256:" + String(repeating: "0", count: 64)),
            .official(tag: "@sha256:" + String(repeating: "0", count: 64), frontend: nil))
        XCTAssertEqual(SyntaxFrontend(directive: "ghcr.io/x/y:1"), .other("ghcr.io/x/y:1"))
        // A tag pinned by its digest is that tag's version; an odd tag does not tell.
        let pinned = "1.23@sha256:" + String(repeating: "2", count: 64)
        XCTAssertEqual(SyntaxFrontend(directive: "docker/dockerfile:" + pinned), .official(tag: pinned, frontend: .v022OrLater))
        XCTAssertEqual(
            SyntaxFrontend(directive: "docker/dockerfile:1.4@sha256:" + String(repeating: "3", count: 64)),
            .official(tag: "1.4@sha256:" + String(repeating: "3", count: 64), frontend: .beforeV011))
        XCTAssertEqual(SyntaxFrontend(directive: "docker/dockerfile:experimental"), .official(tag: "experimental", frontend: nil))
        XCTAssertEqual(SyntaxFrontend(directive: "docker/dockerfile"), .official(tag: "latest", frontend: .v022OrLater))
    }

    func testSourceDateEpochSetsTheMkdirTime() throws {
        let p = try plan("FROM img\nWORKDIR /app\n", BuildOptions(buildArgs: ["SOURCE_DATE_EPOCH": "1700000000"]))
        let json = try XCTUnwrap(p.steps[1].records.first?.json)
        XCTAssertNotEqual(json, try plan("FROM img\nWORKDIR /app\n").steps[1].records.first?.json)
        // Frontends before v0.22 ignore it in WORKDIR.
        let old = try plan("FROM img\nWORKDIR /app\n", BuildOptions(buildArgs: ["SOURCE_DATE_EPOCH": "1700000000"], formula: .v013))
        XCTAssertEqual(
            old.steps[1].records.first?.json,
            try plan("FROM img\nWORKDIR /app\n", BuildOptions(formula: .v013)).steps[1].records.first?.json)
    }

    func testTargetLimitsTheStages() throws {
        let p = try plan("FROM img AS a\nRUN a\nFROM img AS b\nRUN b\n", BuildOptions(target: "a"))
        XCTAssertEqual(p.stages.map(\.reachable), [true, false])
        XCTAssertThrowsError(try plan("FROM img AS a\n", BuildOptions(target: "zzz")))
    }
}
