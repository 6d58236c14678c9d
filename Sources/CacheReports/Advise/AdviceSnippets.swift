import CacheAnalysis

/// Ready-to-paste build configurations that use a given cache import and export.
public struct AdviceSnippets: Sendable, Equatable {
    /// `docker buildx build` command line.
    public let buildx: String
    /// A `docker-bake.hcl` target.
    public let bake: String
    /// GitHub Actions steps (`docker/setup-buildx-action` + `docker/build-push-action`), YAML.
    public let githubActions: String
    /// A GitLab CI job, YAML.
    public let gitlab: String

    /// - Parameters:
    ///   - image: the ref to tag and push.
    ///   - platforms: `os/arch` list for multi-platform builds (empty: the builder's platform).
    ///   - cacheFrom, cacheTo: the `--cache-from` / `--cache-to` values.
    public init(_ s: Advice.Snippet) { self.init(image: s.image, platforms: s.platforms, cacheFrom: s.cacheFrom, cacheTo: s.cacheTo) }

    public init(image: String, platforms: [String], cacheFrom: String, cacheTo: String) {
        let platformList = platforms.joined(separator: ",")
        var buildx = "docker buildx build \\\n"
        if !platforms.isEmpty { buildx += "  --platform \(platformList) \\\n" }
        buildx += "  --cache-from \(cacheFrom) \\\n  --cache-to \(cacheTo) \\\n  --tag \(image) \\\n  --push \\\n  ."
        self.buildx = buildx

        var bake = "target \"app\" {\n  context    = \".\"\n  dockerfile = \"Dockerfile\"\n"
        bake += "  tags       = [\(Self.hcl(image))]\n"
        if !platforms.isEmpty { bake += "  platforms  = [\(platforms.map(Self.hcl).joined(separator: ", "))]\n" }
        bake += "  cache-from = [\(Self.hcl(cacheFrom))]\n  cache-to   = [\(Self.hcl(cacheTo))]\n}\n"
        self.bake = bake

        var gha = "- name: Set up Docker Buildx\n  uses: docker/setup-buildx-action@v3\n"
        gha += "- name: Build and push\n  uses: docker/build-push-action@v6\n  with:\n"
        gha += "    context: .\n    push: true\n    tags: \(Self.yaml(image))\n"
        if !platforms.isEmpty { gha += "    platforms: \(Self.yaml(platformList))\n" }
        gha += "    cache-from: \(Self.yaml(cacheFrom))\n    cache-to: \(Self.yaml(cacheTo))\n"
        self.githubActions = gha

        let command =
            "docker buildx build" + (platforms.isEmpty ? "" : " --platform \(platformList)")
            + " --cache-from \(cacheFrom) --cache-to \(cacheTo) --tag \(image) --push ."
        var gitlab =
            "build-image:\n  image: docker:27\n  services:\n    - docker:27-dind\n  variables:\n    DOCKER_TLS_CERTDIR: \"/certs\"\n"
        gitlab += "  script:\n"
        gitlab +=
            "    - \(Self.yaml("echo \"$CI_REGISTRY_PASSWORD\" | docker login -u \"$CI_REGISTRY_USER\" --password-stdin \"$CI_REGISTRY\""))\n"
        gitlab += "    - \(Self.yaml("docker buildx create --driver docker-container --use"))\n"
        gitlab += "    - \(Self.yaml(command))\n"
        self.gitlab = gitlab
    }

    /// A YAML single-quoted scalar.
    static func yaml(_ s: String) -> String {
        var out = "'"
        for ch in s { out += ch == "'" ? "''" : String(ch) }
        return out + "'"
    }

    /// An HCL string literal.
    static func hcl(_ s: String) -> String {
        var out = "\""
        for ch in s {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default: out.append(ch)
            }
        }
        return out + "\""
    }
}
