using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace ERaport.Benchmark;

/// <summary>A signed-in user: the cookies the app issued at sign-in, sent by hand on every request. The
/// read-your-writes cookie (er_seq) is never sent back, so reads measure the read model as it is.</summary>
public sealed record Session(string Role, string UserName, string Cookie);

/// <summary><see cref="School"/>: the school id, for the first admins that scripts/bench.sh creates.</summary>
public sealed record Login(string Role, string UserName, string Password, string School = "");

/// <summary>The app's HTTP API as the benchmark uses it. One pooled client for every virtual user (cookies are
/// per request), so the client side stays cheap next to the app on a 2-core machine.</summary>
public sealed class Api : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http;

    /// <param name="trustedCertificate">A PEM file: server certificates chaining to it are accepted (a test certificate).</param>
    /// <param name="version">HTTP/2 is used where TLS negotiates it (ALPN), as a browser does; else HTTP/1.1.</param>
    public Api(Uri baseUrl, string? trustedCertificate = null, Version? version = null)
    {
        var handler = new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            MaxConnectionsPerServer = int.MaxValue,
            // Over HTTP/2 more connections open only when one's streams are all in use (nginx allows 128).
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            // A browser's Accept-Encoding: nginx gzips pages and JSON (the app compresses no dynamic answer itself).
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Brotli,
        };
        if (trustedCertificate is not null)
        {
            var root = X509Certificate2.CreateFromPem(File.ReadAllText(trustedCertificate));
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                // Only the chain is judged against the given root; a wrong name still fails.
                if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null)
                    return errors == SslPolicyErrors.None;
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(root);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
            };
        }
        _http = new HttpClient(handler)
        {
            BaseAddress = baseUrl,
            Timeout = TimeSpan.FromSeconds(60),
            DefaultRequestVersion = version ?? HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
    }

    public void Dispose() => _http.Dispose();

    public static IReadOnlyList<Login> ReadLogins(string file) =>
        File.ReadAllLines(file)
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .Where(p => p.Length >= 3)
            .Select(p => new Login(p[0], p[1], p[2], p.Length > 3 ? p[3] : ""))
            .ToList();

    /// <summary>True once the app answers at all (/health may say 503 while the read model catches up).</summary>
    public async Task<bool> IsUpAsync(CancellationToken ct)
    {
        try
        {
            using var response = await _http.GetAsync("/health", ct);
            return true;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>Every virtual user signs in from 127.0.0.1, as a school's teachers do through one NAT address:
    /// correct passwords never count against the app's per-address limit, so none is lifted for the benchmark.</summary>
    public async Task<Session> SignInAsync(Login login, CancellationToken ct)
    {
        using var response = await _http.PostAsJsonAsync("/api/session", new { userName = login.UserName, password = login.Password }, Json, ct);
        if (response.StatusCode != HttpStatusCode.NoContent && response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"Sign-in of {login.UserName} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        return new Session(login.Role, login.UserName, Cookies(response));
    }

    /// <summary>Replaces the password (a one-time password must be replaced before anything else); the answer carries a new cookie.</summary>
    public async Task<Session> ChangePasswordAsync(Session session, string current, string replacement, CancellationToken ct)
    {
        using var request = Request(HttpMethod.Post, "/api/account/password", session,
            new { commandId = Guid.NewGuid(), currentPassword = current, newPassword = replacement });
        using var response = await SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Password change of {session.UserName} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        return session with { Cookie = Cookies(response) };
    }

    /// <summary>The cookies a response set, except the read-your-writes one.</summary>
    private static string Cookies(HttpResponseMessage response)
    {
        var cookies = response.Headers.TryGetValues("Set-Cookie", out var set) ? set : [];
        return string.Join("; ", cookies.Select(c => c.Split(';', 2)[0]).Where(c => !c.StartsWith("er_seq=", StringComparison.Ordinal)));
    }

    public HttpRequestMessage Request(HttpMethod method, string path, Session session, object? body = null)
    {
        // A message made by hand does not take the client's default version.
        var request = new HttpRequestMessage(method, path) { Version = _http.DefaultRequestVersion, VersionPolicy = _http.DefaultVersionPolicy };
        request.Headers.TryAddWithoutValidation("Cookie", session.Cookie);
        if (body is not null)
            request.Content = JsonContent.Create(body, options: Json);
        return request;
    }

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct) =>
        _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);

    public async Task<JsonElement> GetJsonAsync(string path, Session session, CancellationToken ct)
    {
        using var request = Request(HttpMethod.Get, path, session);
        using var response = await SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"GET {path} as {session.UserName}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(Json, ct);
    }

    /// <summary>Sends a JSON body and returns the JSON answer; anything but a success throws with the app's problem.</summary>
    public async Task<JsonElement> SendJsonAsync(HttpMethod method, string path, Session session, object body, CancellationToken ct)
    {
        using var request = Request(method, path, session, body);
        using var response = await SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{method} {path} as {session.UserName}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(Json, ct);
    }

    /// <summary>Waits until the read model has applied everything committed; false after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitCaughtUpAsync(Session admin, TimeSpan timeout, CancellationToken ct)
    {
        var until = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            var status = await StatusAsync(admin, ct);
            if (status.Checkpoint >= status.HighWaterMark)
                return true;
            await Task.Delay(100, ct);
        }
        return false;
    }

    /// <summary>The admin's read-model status: checkpoint, high-water mark, rebuild progress.</summary>
    public async Task<ReadModelStatus> StatusAsync(Session admin, CancellationToken ct)
    {
        var json = await GetJsonAsync("/api/operations/read-model", admin, ct);
        var rebuild = json.GetProperty("rebuild");
        var state = rebuild.GetProperty("state") switch
        {
            { ValueKind: JsonValueKind.Number } n => n.GetInt32() switch { 1 => "Running", 2 => "Succeeded", 3 => "Failed", _ => "Idle" },
            var s => s.GetString() ?? "Idle",
        };
        return new ReadModelStatus(json.GetProperty("checkpoint").GetInt64(), json.GetProperty("highWaterMark").GetInt64(),
            json.GetProperty("deadLetters").GetArrayLength(), state,
            rebuild.GetProperty("done").GetInt64(), rebuild.GetProperty("total").GetInt64(),
            Time(rebuild, "startedAt"), Time(rebuild, "finishedAt"),
            rebuild.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String ? error.GetString() : null,
            Time(rebuild, "appliedAt"), Time(rebuild, "indexedAt"));
    }

    private static DateTimeOffset? Time(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetDateTimeOffset() : null;
}

public sealed record ReadModelStatus(long Checkpoint, long HighWaterMark, int DeadLetters, string RebuildState, long RebuildDone, long RebuildTotal,
    DateTimeOffset? RebuildStartedAt, DateTimeOffset? RebuildFinishedAt, string? RebuildError,
    DateTimeOffset? RebuildAppliedAt = null, DateTimeOffset? RebuildIndexedAt = null);

/// <summary>One gradebook as its teacher's client knows it: the benchmark is its only writer, so the values
/// it wrote are the values the app holds (what a correction must send as "seen").</summary>
public sealed class GradebookState(Guid id, Guid classId, Guid[] students, string[] assessments)
{
    public Guid Id { get; } = id;
    public Guid ClassId { get; } = classId;
    public Guid[] Students { get; } = students;
    public string[] Assessments { get; } = assessments;
    public Dictionary<(Guid Student, string Assessment), int> Values { get; } = [];
    public HashSet<string> FilledColumns { get; } = [];

    public bool IsFull => FilledColumns.Count == Assessments.Length;

    public static GradebookState FromSheet(JsonElement sheet)
    {
        var assessments = sheet.GetProperty("assessments").EnumerateArray().Select(a => a.GetProperty("key").GetString()!).ToArray();
        var students = sheet.GetProperty("students").EnumerateArray().ToList();
        var gradebook = sheet.GetProperty("gradebook");
        var state = new GradebookState(gradebook.GetProperty("gradebookId").GetGuid(), gradebook.GetProperty("classId").GetGuid(),
            [.. students.Select(s => s.GetProperty("studentId").GetGuid())], assessments);
        foreach (var s in students)
        foreach (var score in s.GetProperty("scores").EnumerateObject())
            state.Values[(s.GetProperty("studentId").GetGuid(), score.Name)] = score.Value.GetProperty("value").GetInt32();
        foreach (var a in assessments.Where(a => state.Students.All(s => state.Values.ContainsKey((s, a)))))
            state.FilledColumns.Add(a);
        return state;
    }
}

/// <summary>A teacher and the gradebooks they teach.</summary>
public sealed record Teacher(Session Session, IReadOnlyList<GradebookState> Gradebooks);
