using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ERaport.Benchmark;

/// <summary>The shape of each seeded school (the same for every school of the district).</summary>
public sealed record SchoolShape(int Classes, int StudentsMin, int StudentsMax, int Subjects, int Teachers, int Objectives)
{
    /// <summary>The class PDF target is for a class of 36: the first class of every school has 36 students
    /// (or more, when the range asks for more).</summary>
    public const int PrintedClassSize = 36;

    public override string ToString() =>
        $"{Classes} classes × {StudentsMin}{(StudentsMax > StudentsMin ? $"–{StudentsMax}" : "")} students (the first class {Math.Max(PrintedClassSize, StudentsMax)}) × " +
        $"{Subjects} subjects, {Teachers} teachers, {Objectives} TPs per gradebook";
}

/// <summary>A class as seeded: its students and its wali kelas (one of the school's teachers).</summary>
public sealed record SeededClass(Guid Id, string Name, Guid[] Students, Session Homeroom);

/// <summary>One seeded school: its admin, principal, teachers (with the gradebooks they teach) and classes.</summary>
public sealed record SeededSchool(string SchoolId, Session Admin, Session Principal, IReadOnlyList<Teacher> Teachers, IReadOnlyList<SeededClass> Classes);

/// <summary>Builds schools through the public API only, the way a school's operator would: the first admin (made by
/// <c>ERaport.Web.dll create-admin</c>, the one way an installation gets its first account) signs in with its
/// one-time password and chooses a new one, fills in the school profile, opens the term, adds subjects, creates
/// the teachers and the principal (each then signs in and replaces their one-time password, as people must),
/// opens the classes with their wali kelas, imports the students as a Dapodik "Daftar Peserta Didik" CSV and
/// creates the teaching assignments (one gradebook per class × subject). Scores are left empty: entering them is
/// what the benchmark measures. Schools are seeded in parallel; within a school independent commands are too.</summary>
public sealed class Seeder(Api api, SchoolShape shape, int parallel)
{
    private static readonly string[] SubjectNames =
    [
        "Pendidikan Agama dan Budi Pekerti", "Pendidikan Pancasila", "Bahasa Indonesia", "Matematika", "Bahasa Inggris", "Sejarah",
        "Fisika", "Kimia", "Biologi", "Ekonomi", "Geografi", "Sosiologi", "Informatika", "Seni Budaya",
        "Pendidikan Jasmani, Olahraga, dan Kesehatan", "Bahasa Sunda",
    ];

    private static readonly string[] GivenNames =
    [
        "Adi", "Bunga", "Citra", "Dewi", "Eko", "Fajar", "Gita", "Hendra", "Intan", "Joko", "Kartika", "Lestari", "Made", "Nur", "Putri",
        "Rizky", "Sari", "Taufik", "Utami", "Wahyu", "Yusuf", "Zahra", "Agus", "Bayu", "Dimas", "Fitri", "Ayu", "Rina", "Bima", "Siti",
    ];

    private static readonly string[] FamilyNames =
    [
        "Nugroho", "Lestari", "Siregar", "Saputra", "Wibowo", "Hidayat", "Kurniawan", "Pratama", "Santoso", "Rahmawati", "Simanjuntak",
        "Hasibuan", "Setiawan", "Permana", "Gunawan", "Susanti", "Wijaya", "Halim", "Nasution", "Purba",
    ];

    /// <summary>Every account gets this password after its first sign-in (random per run, never written anywhere).</summary>
    private readonly string _password = RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyz23456789", 20);

    private readonly ConcurrentDictionary<string, double> _stepSeconds = new();
    private long _commands;

    public long Commands => Interlocked.Read(ref _commands);

    /// <summary>Wall seconds per seeding step, summed over the schools (steps of different schools overlap).</summary>
    public IReadOnlyDictionary<string, double> StepSeconds => _stepSeconds;

    private async Task<T> Step<T>(string name, Func<Task<T>> step)
    {
        var clock = Stopwatch.StartNew();
        var result = await step();
        _stepSeconds.AddOrUpdate(name, clock.Elapsed.TotalSeconds, (_, s) => s + clock.Elapsed.TotalSeconds);
        return result;
    }

    private Task Step(string name, Func<Task> step) => Step(name, async () => { await step(); return 0; });

    /// <summary>Seeds every school whose first admin is in <paramref name="admins"/> (one per school).</summary>
    public async Task<IReadOnlyList<SeededSchool>> SeedAsync(IReadOnlyList<Login> admins, CancellationToken ct)
    {
        var schools = new SeededSchool[admins.Count];
        var clock = Stopwatch.StartNew();
        var done = 0;
        await Parallel.ForEachAsync(admins.Select((a, i) => (a, i)), new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = ct },
            async (x, token) =>
            {
                schools[x.i] = await SeedSchoolAsync(x.a, x.i, token);
                Console.WriteLine($"  school {x.a.School} seeded ({Interlocked.Increment(ref done)} of {admins.Count}, {clock.Elapsed.TotalSeconds:N0} s, {Commands:N0} API calls)");
            });
        return schools;
    }

    private async Task<SeededSchool> SeedSchoolAsync(Login firstAdmin, int index, CancellationToken ct)
    {
        var prefix = $"b{index + 1:00}";
        var admin = await Step("admin's first sign-in", () => FirstSignInAsync(firstAdmin, ct));
        var town = $"Sukamaju {index + 1}";
        var termId = Guid.NewGuid();
        await Step("school profile and term", async () =>
        {
            await Call(HttpMethod.Put, "/api/master-data/school", admin, new
            {
                commandId = Guid.NewGuid(), name = $"SMA Negeri {index + 1} {town} (benchmark)", npsn = $"{20_300_000 + index}",
                address = $"Jl. Uji Beban No. {index + 1}", city = "Kabupaten Sukamaju", principalName = $"Drs. Kepala Sekolah {index + 1}, M.Pd.",
            }, ct);
            await Call(HttpMethod.Post, "/api/master-data/terms", admin, new
            {
                commandId = termId, termId, schoolYear = "2026/2027", semester = 1, reportDate = "2026-12-19", reportPlace = town,
            }, ct);
        });

        var subjects = new Guid[shape.Subjects];
        await Step("subjects", () => ForEach(Enumerable.Range(0, shape.Subjects), async s =>
        {
            subjects[s] = Guid.NewGuid();
            var name = s < SubjectNames.Length ? SubjectNames[s] : $"Mata Pelajaran Pilihan {s + 1 - SubjectNames.Length}";
            await Call(HttpMethod.Post, "/api/master-data/subjects", admin, new
            {
                commandId = subjects[s], subjectId = subjects[s], name, code = $"MP{s + 1:00}", group = s < 6 ? "Umum" : "Pilihan", order = s + 1,
                isReligion = false, kktp = 70,
            }, ct);
        }, ct));

        // Accounts: each gets a one-time password (the API's answer) and a role for the term.
        var teacherCount = Math.Max(1, shape.Teachers);
        var accounts = new (Guid Id, Login Login)[teacherCount + 1];
        await Step("accounts with one-time passwords and roles", () => ForEach(Enumerable.Range(0, teacherCount + 1), async i =>
        {
            var principal = i == teacherCount;
            var userName = principal ? $"{prefix}.kepsek" : $"{prefix}.guru.{i + 1:000}";
            var issued = await Call(HttpMethod.Post, "/api/users", admin, new
            {
                commandId = Guid.NewGuid(), userName, displayName = principal ? $"Kepala Sekolah {index + 1}" : $"Guru {i + 1} Sekolah {index + 1}",
            }, ct);
            var id = issued.GetProperty("userId").GetGuid();
            accounts[i] = (id, new Login(principal ? "principal" : "teacher", userName, issued.GetProperty("oneTimePassword").GetString()!, firstAdmin.School));
            await Call(HttpMethod.Post, $"/api/users/{id}/roles", admin, new
            {
                commandId = Guid.NewGuid(), role = principal ? "Principal" : "Teacher", termId,
            }, ct);
        }, ct));

        // Classes, each with a teacher as its wali kelas (naming them on the class gives them the role for it).
        var random = new Random(20262027 + index);
        var classes = Enumerable.Range(0, shape.Classes).Select(c => (Index: c, Id: Guid.NewGuid(),
            Name: $"{(c % 3) switch { 0 => "X", 1 => "XI", _ => "XII" }}-{c / 3 + 1}", Level: 10 + c % 3,
            Students: c == 0 ? Math.Max(SchoolShape.PrintedClassSize, shape.StudentsMax) : random.Next(shape.StudentsMin, shape.StudentsMax + 1),
            Homeroom: c % teacherCount)).ToList();
        await Step("classes and wali kelas roles", () => ForEach(classes, async c =>
        {
            var wali = accounts[c.Homeroom].Id;
            await Call(HttpMethod.Post, "/api/master-data/classes", admin, new
            {
                commandId = c.Id, classId = c.Id, termId, name = c.Name, level = c.Level, phase = c.Level == 10 ? "E" : "F", homeroomTeacherId = wali,
            }, ct);
        }, ct));

        // Students: the Dapodik import, one file per school (the import takes up to 5,000 rows at once).
        var rows = classes.SelectMany(c => Enumerable.Range(0, c.Students).Select(n => (Class: c.Name, Number: c.Index * 100 + n))).ToList();
        await Step("student import (Dapodik CSV)", async () =>
        {
            foreach (var chunk in rows.Chunk(5000))
                await ImportAsync(admin, termId, index, chunk, ct);
        });

        // Teaching assignments: each subject has the same number of teachers; a teacher teaches one subject to every k-th class.
        var perSubject = Math.Clamp((teacherCount + shape.Subjects - 1) / shape.Subjects, 1, Math.Max(1, shape.Classes));
        var objectives = Enumerable.Range(1, shape.Objectives)
            .Select(i => $"Tujuan pembelajaran {i}: menganalisis dan menerapkan konsep bab {i} dalam konteks sehari-hari.").ToList();
        await Step("teaching assignments (gradebooks)", () => ForEach(from c in classes from s in Enumerable.Range(0, shape.Subjects) select (c, s), async x =>
        {
            var teacher = accounts[(x.s * perSubject + x.c.Index % perSubject) % teacherCount].Id;
            var gradebookId = Guid.NewGuid();
            await Call(HttpMethod.Post, "/api/master-data/teaching-assignments", admin, new
            {
                commandId = gradebookId, gradebookId, termId, classId = x.c.Id, subjectId = subjects[x.s], teacherId = teacher, learningObjectives = objectives,
            }, ct);
        }, ct));

        // Everyone signs in for the first time now that their roles are final (a cookie carries the roles).
        var sessions = new Session[accounts.Length];
        await Step("first sign-ins and password changes", () =>
            ForEach(Enumerable.Range(0, accounts.Length), async i => sessions[i] = await FirstSignInAsync(accounts[i].Login, ct), ct));

        await Step("read model catching up", () => api.WaitCaughtUpAsync(admin, TimeSpan.FromMinutes(10), ct));
        var seeded = new List<SeededClass>();
        foreach (var c in classes)
        {
            var students = await api.GetJsonAsync($"/api/master-data/classes/{c.Id}/students", admin, ct);
            seeded.Add(new SeededClass(c.Id, c.Name, [.. students.EnumerateArray().Select(s => s.GetProperty("studentId").GetGuid())], sessions[c.Homeroom]));
        }
        var teachers = new ConcurrentBag<Teacher>();
        await ForEach(Enumerable.Range(0, teacherCount), async i => teachers.Add(await LoadTeacherAsync(sessions[i], accounts[i].Id, ct)), ct);
        return new SeededSchool(firstAdmin.School, admin, sessions[teacherCount], [.. teachers], seeded);
    }

    private async Task ImportAsync(Session admin, Guid termId, int school, IReadOnlyList<(string Class, int Number)> rows, CancellationToken ct)
    {
        var csv = new StringBuilder("Nama;NIPD;JK;NISN;Tempat Lahir;Tanggal Lahir;Agama;Alamat;Rombel Saat Ini\r\n");
        foreach (var (className, number) in rows)
        {
            var random = new Random(school * 100_003 + number);
            var name = $"{GivenNames[random.Next(GivenNames.Length)]} {GivenNames[random.Next(GivenNames.Length)]} {FamilyNames[random.Next(FamilyNames.Length)]}";
            var birth = new DateOnly(2010, 1, 1).AddDays(random.Next(365));
            // NISN and NIS are unique: numbered, with the school in them.
            csv.Append(CultureInfo.InvariantCulture,
                $"{name};B{school + 1:00}{number:00000};{(random.Next(2) == 0 ? "L" : "P")};{9_000_000_000L + school * 1_000_000L + number};Sukamaju;" +
                $"{birth:yyyy-MM-dd};Islam;Jl. Melati {number % 200 + 1};{className}\r\n");
        }
        using var content = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString())), "file", "daftar-peserta-didik.csv" },
            { new StringContent(termId.ToString()), "termId" },
            { new StringContent(Guid.NewGuid().ToString()), "commandId" },
        };
        using var request = api.Request(HttpMethod.Post, "/api/master-data/students/import", admin);
        request.Content = content;
        using var response = await api.SendAsync(request, ct);
        Interlocked.Increment(ref _commands);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Student import refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
    }

    /// <summary>Signs in with the one-time password and replaces it (the app allows nothing else before that).</summary>
    private async Task<Session> FirstSignInAsync(Login login, CancellationToken ct)
    {
        var first = await api.SignInAsync(login, ct);
        Interlocked.Increment(ref _commands);
        var session = await api.ChangePasswordAsync(first, login.Password, _password, ct);
        Interlocked.Increment(ref _commands);
        return session;
    }

    /// <summary>A teacher and the gradebooks they teach (a wali kelas also sees the other gradebooks of their class: not theirs to write).</summary>
    private async Task<Teacher> LoadTeacherAsync(Session session, Guid userId, CancellationToken ct)
    {
        var gradebooks = new List<GradebookState>();
        foreach (var summary in (await api.GetJsonAsync("/api/gradebooks", session, ct)).EnumerateArray())
            if (summary.GetProperty("teacherId").GetGuid() == userId)
                gradebooks.Add(GradebookState.FromSheet(await api.GetJsonAsync($"/api/gradebooks/{summary.GetProperty("gradebookId").GetGuid()}/scores", session, ct)));
        return new Teacher(session, gradebooks);
    }

    private async Task<JsonElement> Call(HttpMethod method, string path, Session session, object body, CancellationToken ct)
    {
        var answer = await api.SendJsonAsync(method, path, session, body, ct);
        Interlocked.Increment(ref _commands);
        return answer;
    }

    /// <summary>Independent commands of one school, a few at a time (the app's pool and the 2 cores decide the rest).</summary>
    private static Task ForEach<T>(IEnumerable<T> items, Func<T, Task> body, CancellationToken ct) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (item, _) => await body(item));
}
