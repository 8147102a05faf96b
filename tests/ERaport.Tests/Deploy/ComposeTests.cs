using System.Text.Json;
using System.Text.RegularExpressions;

namespace ERaport.Tests.Deploy;

/// <summary>docker-compose.yml, .env.example and the Dockerfiles, checked without a Docker engine:
/// docker-compose 1.29 validates the file (config -q) and resolves it; the resolved services are checked
/// for what must hold on a server.</summary>
public sealed class ComposeTests
{
    private static readonly string ComposeFile = DeployTools.RepoPath("docker-compose.yml");
    private static readonly string EnvExample = DeployTools.RepoPath(".env.example");

    [Fact]
    public async Task docker_compose_validates_the_file_and_would_reject_a_broken_one()
    {
        var (exit, output) = await ComposeAsync(ComposeFile, "config", "-q");
        exit.ShouldBe(0, output);

        // The validation is real: an unknown key fails.
        var directory = DeployTools.TempDirectory("compose");
        try
        {
            var broken = Path.Combine(directory, "docker-compose.yml");
            await File.WriteAllTextAsync(broken, (await File.ReadAllTextAsync(ComposeFile)).Replace("    restart: unless-stopped\n", "    restart: unless-stopped\n    restrat: always\n"));
            var (brokenExit, brokenOutput) = await ComposeAsync(broken, "config", "-q");
            brokenExit.ShouldNotBe(0);
            brokenOutput.ShouldContain("restrat");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task only_nginx_is_reachable_from_outside_and_every_service_restarts()
    {
        using var compose = await ResolvedAsync();
        var services = compose.RootElement.GetProperty("services");
        services.EnumerateObject().Select(s => s.Name).Order().ShouldBe(["backup", "certbot", "nginx", "postgres", "web"]);
        foreach (var service in services.EnumerateObject())
        {
            service.Value.GetProperty("restart").GetString().ShouldBe("unless-stopped", service.Name);
            service.Value.TryGetProperty("ports", out _).ShouldBe(service.Name == "nginx", $"{service.Name} publishes ports");
            // Images are named and pinned, never :latest.
            var image = service.Value.GetProperty("image").GetString()!;
            image.ShouldContain(":", Case.Sensitive, service.Name);
            image.ShouldNotEndWith(":latest", service.Name);
        }
        services.GetProperty("nginx").GetProperty("ports").EnumerateArray().Select(p => (p.GetProperty("published").GetInt32(), p.GetProperty("target").GetInt32()))
            .ShouldBe([(80, 80), (443, 443)]);

        var networks = compose.RootElement.GetProperty("networks");
        networks.GetProperty("backend").GetProperty("internal").GetBoolean().ShouldBeTrue();
        networks.GetProperty("edge").GetProperty("internal").GetBoolean().ShouldBeTrue();
        Networks(services, "postgres").ShouldBe(["backend"]);
        Networks(services, "web").ShouldBe(["backend", "edge"]);
        Networks(services, "nginx").ShouldBe(["edge", "public"]);
        Networks(services, "certbot").ShouldBe(["public"]);
        Networks(services, "backup").ShouldBe(["backend"]);
    }

    [Fact]
    public async Task the_backup_service_dumps_with_the_servers_own_image_and_password_into_a_folder_on_the_server()
    {
        using var compose = await ResolvedAsync();
        var services = compose.RootElement.GetProperty("services");
        var postgres = services.GetProperty("postgres");
        var backup = services.GetProperty("backup");
        // pg_dump of the server's own version: a dump never meets a newer server than its pg_dump.
        backup.GetProperty("image").GetString().ShouldBe(postgres.GetProperty("image").GetString());
        backup.GetProperty("depends_on").GetProperty("postgres").GetProperty("condition").GetString().ShouldBe("service_healthy");
        backup.GetProperty("entrypoint").EnumerateArray().Select(e => e.GetString()).ShouldBe(["sh", "/opt/eraport-backup/backup.sh"]);
        backup.GetProperty("command").EnumerateArray().Select(e => e.GetString()).ShouldBe(["schedule"]);
        Volumes(backup).ShouldBe([$"{DeployTools.RepoPath("deploy", "backup")}:/opt/eraport-backup:ro", $"{DeployTools.RepoPath("backups")}:/backups:rw"], ignoreOrder: true);
        backup.GetProperty("healthcheck").GetProperty("test").ToString().ShouldContain("/backups/BACKUP-FAILED.txt");
        backup.GetProperty("cap_drop").EnumerateArray().Select(c => c.GetString()).ShouldBe(["ALL"]);
        backup.GetProperty("security_opt").EnumerateArray().Select(o => o.GetString()).ShouldBe(["no-new-privileges:true"]);
        backup.GetProperty("logging").GetProperty("driver").GetString().ShouldBe("json-file");

        var server = postgres.GetProperty("environment");
        var environment = backup.GetProperty("environment");
        environment.GetProperty("PGHOST").GetString().ShouldBe("postgres");
        environment.GetProperty("PGDATABASE").GetString().ShouldBe(server.GetProperty("POSTGRES_DB").GetString());
        environment.GetProperty("PGUSER").GetString().ShouldBe(server.GetProperty("POSTGRES_USER").GetString());
        environment.GetProperty("PGPASSWORD").GetString().ShouldBe(server.GetProperty("POSTGRES_PASSWORD").GetString());
        environment.GetProperty("BACKUP_DIR").GetString().ShouldBe("/backups");
        foreach (var setting in new[] { "BACKUP_TIME", "BACKUP_KEEP_DAYS", "TZ" })
            environment.GetProperty(setting).GetString().ShouldNotBeNullOrEmpty(setting);
    }

    [Fact]
    public async Task the_app_waits_for_a_healthy_database_and_keeps_its_state_on_volumes()
    {
        using var compose = await ResolvedAsync();
        var services = compose.RootElement.GetProperty("services");
        var postgres = services.GetProperty("postgres");
        postgres.GetProperty("healthcheck").GetProperty("test").ToString().ShouldContain("pg_isready");
        Volumes(postgres).ShouldContain("pgdata:/var/lib/postgresql/data:rw");

        var web = services.GetProperty("web");
        web.GetProperty("depends_on").GetProperty("postgres").GetProperty("condition").GetString().ShouldBe("service_healthy");
        var environment = web.GetProperty("environment");
        environment.GetProperty("ReadModel__Path").GetString().ShouldBe("/data/readmodel.db");
        environment.GetProperty("DataProtection__KeysPath").GetString().ShouldBe("/keys");
        environment.GetProperty("Proxy__SecureCookies").GetString().ShouldBe("true");
        environment.GetProperty("ConnectionStrings__EventStore").GetString()!.ShouldStartWith("Host=postgres;");
        // The app trusts forwarded headers from exactly the network it shares with nginx.
        var edge = compose.RootElement.GetProperty("networks").GetProperty("edge").GetProperty("ipam").GetProperty("config")[0].GetProperty("subnet").GetString();
        environment.GetProperty("Proxy__KnownNetworks").GetString().ShouldBe(edge);
        Volumes(web).ShouldBe(["readmodel:/data:rw", "dataprotection:/keys:rw"], ignoreOrder: true);

        var nginx = services.GetProperty("nginx");
        Volumes(nginx).ShouldContain(v => v.EndsWith("/deploy/nginx/templates:/etc/nginx/templates:ro"));
        Volumes(nginx).ShouldContain("letsencrypt:/etc/letsencrypt:ro");
        Volumes(nginx).ShouldContain("certbot-www:/var/www/certbot:ro");
        Volumes(services.GetProperty("certbot")).ShouldBe(["certbot-www:/var/www/certbot:rw", "letsencrypt:/etc/letsencrypt:rw"], ignoreOrder: true);
    }

    [Fact]
    public async Task env_example_sets_every_variable_the_compose_file_uses()
    {
        var used = Regex.Matches(await File.ReadAllTextAsync(ComposeFile), @"\$\{([A-Z_][A-Z0-9_]*)").Select(m => m.Groups[1].Value).ToHashSet();
        var set = (await File.ReadAllLinesAsync(EnvExample)).Where(l => Regex.IsMatch(l, "^[A-Z_]+=")).Select(l => l.Split('=')[0]).ToHashSet();
        used.ShouldNotBeEmpty();
        used.Except(set).ShouldBeEmpty();
    }

    [Fact]
    public async Task images_are_pinned_to_the_versions_these_tests_ran()
    {
        // The nginx and certbot images install the Debian 12 packages the tests use, pinned to their versions.
        var nginxVersion = Regex.Match((await DeployTools.RunAsync(DeployTools.Tool("nginx"), ["-v"])).Output, @"nginx/(\d+\.\d+\.\d+)").Groups[1].Value;
        nginxVersion.ShouldNotBeEmpty();
        (await File.ReadAllTextAsync(DeployTools.RepoPath("deploy", "nginx", "Dockerfile"))).ShouldContain($"'nginx={nginxVersion}-*'");
        var certbotVersion = Regex.Match((await DeployTools.RunAsync(DeployTools.Tool("certbot"), ["--version"])).Output, @"certbot (\d+\.\d+\.\d+)").Groups[1].Value;
        certbotVersion.ShouldNotBeEmpty();
        (await File.ReadAllTextAsync(DeployTools.RepoPath("deploy", "certbot", "Dockerfile"))).ShouldContain($"'certbot={certbotVersion}-*'");
        foreach (var dockerfile in new[] { "deploy/nginx/Dockerfile", "deploy/certbot/Dockerfile" })
            (await File.ReadAllTextAsync(DeployTools.RepoPath(dockerfile))).ShouldContain("FROM debian:bookworm-slim");

        // The app image: multi-stage, .NET 10, never root, a health check on the cheap URL.
        var app = await File.ReadAllTextAsync(DeployTools.RepoPath("Dockerfile"));
        app.ShouldContain("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build");
        app.ShouldContain("FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime");
        app.ShouldContain("USER $APP_UID");
        app.ShouldContain("HEALTHCHECK");
        app.ShouldContain("GET /healthz");
    }

    private static async Task<(int Exit, string Output)> ComposeAsync(string file, params string[] arguments) =>
        await DeployTools.RunAsync(DeployTools.Tool("docker-compose"), ["--env-file", EnvExample, "-f", file, .. arguments],
            new Dictionary<string, string> { ["COMPOSE_PROJECT_NAME"] = "eraport" }, TimeSpan.FromSeconds(60));

    /// <summary>The file as docker-compose resolves it (variables, defaults, short forms), as JSON.</summary>
    internal static async Task<JsonDocument> ResolvedAsync()
    {
        var (exit, yaml) = await ComposeAsync(ComposeFile, "config");
        exit.ShouldBe(0, yaml);
        var directory = DeployTools.TempDirectory("compose");
        try
        {
            var path = Path.Combine(directory, "resolved.yml");
            await File.WriteAllTextAsync(path, yaml);
            // docker-compose is Python: its YAML library reads the file back.
            var (jsonExit, json) = await DeployTools.RunAsync(DeployTools.Tool("python3"),
                ["-c", "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))", path]);
            jsonExit.ShouldBe(0, json);
            return JsonDocument.Parse(json);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string[] Networks(JsonElement services, string service) =>
        services.GetProperty(service).GetProperty("networks").EnumerateObject().Select(n => n.Name).Order().ToArray();

    private static string[] Volumes(JsonElement service) =>
        service.GetProperty("volumes").EnumerateArray().Select(v => v.GetString()!).ToArray();
}
