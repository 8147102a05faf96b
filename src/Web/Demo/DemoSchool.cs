using System.Security.Cryptography;
using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.ReportCards;
using ERaport.Write.School;
using Marten;
using Microsoft.AspNetCore.Identity;
using Wolverine;
using static ERaport.Web.Demo.DemoNames;

namespace ERaport.Web.Demo;

/// <summary>How much of the demo school to create: <see cref="Full"/> is the SMA people try out; <see cref="Small"/>
/// keeps only what the browser tests use (X-1, X-2 and the locked XII-1, fewer subjects) for a quicker start.</summary>
public enum DemoSize
{
    Full,
    Small,
}

/// <summary>The term the demo school is in: the semester that contains <paramref name="today"/>, with a report
/// date still ahead, so that nothing seeded counts as changed after the report date.</summary>
public sealed record DemoTerm(string SchoolYear, int Semester, DateOnly ReportDate)
{
    public static DemoTerm For(DateOnly today)
    {
        var (startYear, semester, reportDate) = today.Month >= 7
            ? (today.Year, 1, new DateOnly(today.Year, 12, 19))
            : (today.Year - 1, 2, new DateOnly(today.Year, 6, 20));
        if (reportDate < today.AddDays(14))
            reportDate = today.AddDays(14);
        return new DemoTerm($"{startYear}/{startYear + 1}", semester, reportDate);
    }

    public int StartYear => int.Parse(SchoolYear[..4]);
}

/// <summary>Creates a realistic SMA through the same commands people use, each class saved the way a teacher
/// saves a whole sheet: six classes of 32 students, 13–15 subjects each with their teachers and TPs, scores
/// with a believable spread (class X-1 is still being filled, X-2 is complete), corrections and overrides
/// with reasons, the wali kelas data of five classes, and XII-1 locked with one approved and one pending
/// correction request. Deterministic apart from ids and times (one seeded <see cref="Random"/>).</summary>
public sealed class DemoSchool(IServiceScopeFactory scopes, IDocumentStore store, IPasswordHasher<UserAccount> hasher)
{
    public const string SchoolId = "sman1-sukamaju";

    /// <summary><see cref="Random"/>: the class's own, so that classes can be seeded side by side and stay the same.</summary>
    private sealed record DemoClass(string Name, int Level, string Phase, string HomeroomUser, string HomeroomName, string[] SubjectCodes, Random Random)
    {
        public Guid Id { get; } = Guid.CreateVersion7();
        public List<DemoStudent> Students { get; } = [];

        /// <summary>Each student's level across subjects.</summary>
        public Dictionary<Guid, int> Abilities { get; } = [];
    }

    private static readonly string[] Science = ["PAI", "PAK", "PP", "BIND", "MTK", "BING", "SEJ", "PJOK", "SENI", "BIO", "FIS", "KIM", "BSUN"];
    private static readonly string[] Social = ["PAI", "PAK", "PP", "BIND", "MTK", "BING", "SEJ", "PJOK", "SENI", "INF", "EKO", "BIO", "BSUN"];
    private static readonly string[] PhaseE = ["PAI", "PAK", "PP", "BIND", "MTK", "BING", "SEJ", "PJOK", "SENI", "INF", "BIO", "FIS", "KIM", "EKO", "BSUN"];
    private static readonly string[] SmallSet = ["PAI", "PAK", "BIND", "MTK", "BIO"];

    // X-2 comes last and ends with its complete Matematika sheet, which the browser tests wait for.
    private static readonly (string Name, int Level, string Phase, string User, string Teacher, string[] Subjects)[] Classes =
    [
        ("X-1", 10, "E", "wali.x1", "Rina Marlina, S.Pd.", PhaseE),
        ("X-3", 10, "E", "wali.x3", "Euis Komariah, S.Pd.", PhaseE),
        ("XI-1", 11, "F", "wali.xi1", "Yusuf Maulana, S.Pd.", Science),
        ("XI-2", 11, "F", "wali.xi2", "Nining Suryani, S.Pd.", Social),
        ("XII-1", 12, "F", "wali.xii1", "Iwan Setiawan, M.Pd.", Science),
        ("X-2", 10, "E", "wali.x2", "Agus Salim, S.Pd.", PhaseE),
    ];

    /// <summary>The accounts whose logins are printed, with what each is for; every other account gets a random
    /// password nobody sees (an admin can reset it).</summary>
    private static readonly Dictionary<string, string> Printed = new()
    {
        ["admin"] = "Admin (data sekolah, pengguna)",
        ["kepsek"] = "Kepala sekolah (riwayat, koreksi)",
        ["wali.x1"] = "Wali kelas X-1 (belum diisi)",
        ["wali.x2"] = "Wali kelas X-2 (lengkap)",
        ["wali.xii1"] = "Wali kelas XII-1 (terkunci)",
        ["guru.mtk"] = "Guru Matematika X, XII-1",
        ["guru.bio"] = "Guru Biologi (semua kelas)",
    };

    private readonly Actor _system = Acting.SystemActor(SchoolId);
    private readonly Random _random = new(20262027);
    private readonly List<string> _logins = [];
    private readonly Dictionary<string, Actor> _users = [];
    private CancellationToken _ct;
    private int _semester;

    /// <summary>Seeds the school and answers the login lines to print ("what, user name, password").</summary>
    public async Task<IReadOnlyList<string>> SeedAsync(DemoSize size, DateOnly today, CancellationToken ct = default)
    {
        _ct = ct;
        var term = DemoTerm.For(today);
        _semester = term.Semester;
        var termId = Guid.CreateVersion7();
        await Send(new RegisterSchool(Guid.NewGuid(), "SMA Negeri 1 Sukamaju", "20212345", "Jl. Pendidikan No. 1, Sukamaju",
            "Kabupaten Sukamaju", "Dra. Hj. Sri Wahyuni, M.Pd.", "196805121994032004", _system, EntrySource.Seed));
        await Send(new OpenTerm(Guid.NewGuid(), termId, term.SchoolYear, term.Semester, term.ReportDate, _system, EntrySource.Seed));

        var classes = Classes.Where(c => size == DemoSize.Full || c.Name is "X-1" or "X-2" or "XII-1")
            .Select(c => new DemoClass(c.Name, c.Level, c.Phase, c.User, c.Teacher,
                size == DemoSize.Full ? c.Subjects : [.. c.Subjects.Where(SmallSet.Contains)], new Random(_random.Next())))
            .ToList();
        var subjects = Subjects.Where(s => classes.Any(c => c.SubjectCodes.Contains(s.Code))).ToDictionary(s => s.Code, s => (Subject: s, Id: Guid.CreateVersion7()));

        List<(string UserName, string DisplayName, RoleGrant Role)> users =
        [
            ("admin", "Operator Sekolah", new RoleGrant(Role.Admin, null, null)),
            ("kepsek", "Dra. Hj. Sri Wahyuni, M.Pd.", new RoleGrant(Role.Principal, termId, null)),
            // Teachers; the wali kelas role comes with the class that names them (OpenClass), as it does for a school.
            .. classes.Select(c => (c.HomeroomUser, c.HomeroomName, new RoleGrant(Role.Teacher, termId, null))),
            .. subjects.Values.Select(s => s.Subject).DistinctBy(s => s.TeacherUser).Select(s => (s.TeacherUser, s.TeacherName, new RoleGrant(Role.Teacher, termId, null))),
        ];
        // A second Matematika teacher for class XI, so that guru.mtk's list is not the whole school.
        if (classes.Any(c => c.Level == 11))
            users.Add(("guru.mtk2", "Sri Rahayu, S.Pd.", new RoleGrant(Role.Teacher, termId, null)));
        await UsersAsync(users);

        foreach (var (s, id) in subjects.Values)
            await Send(new AddSubject(Guid.NewGuid(), id, s.Name, s.Code, s.Group, s.Order, s.IsReligion, 70, _system, EntrySource.Seed));

        // The whole school arrives as a Dapodik import would: one command, one transaction.
        var taken = new HashSet<string>();
        var number = 0;
        foreach (var c in classes)
        {
            await Send(new OpenClass(Guid.NewGuid(), c.Id, termId, c.Name, c.Level, c.Phase, _users[c.HomeroomUser].UserId, _system, EntrySource.Seed));
            // Grade 1 at seven: a class X student of 2026/2027 was born in 2010.
            c.Students.AddRange(Students(_random, 32, term.StartYear - 6 - c.Level, taken, ref number).OrderBy(s => s.Name, StringComparer.Ordinal));
            // Most students do well; about one in eight struggles.
            foreach (var student in c.Students)
                c.Abilities[student.Id] = _random.Next(8) == 0 ? _random.Next(55, 68) : _random.Next(72, 92);
        }
        await Send(new ImportStudents(Guid.NewGuid(), termId,
            [.. classes.SelectMany(c => c.Students.Select(s => (Class: c, Student: s))).Select((x, i) => new ImportedStudent(i + 1, x.Student.Id,
                new StudentData(x.Student.Name, x.Student.Nisn, x.Student.Nis, x.Student.Sex, x.Student.BirthPlace, x.Student.BirthDate, x.Student.Religion),
                x.Class.Name))],
            _system, EntrySource.Seed));

        // Classes are independent streams: two at a time keep both cores busy while the database answers.
        await Parallel.ForEachAsync(classes, new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = ct }, async (c, _) =>
        {
            if (c.Name != "X-1")
                await HomeroomAsync(c);
            // Matematika last in each class (see Classes).
            foreach (var code in c.SubjectCodes.OrderBy(code => code == "MTK"))
            {
                var (subject, subjectId) = subjects[code];
                if (subject.IsReligion && c.Students.All(s => s.Religion != subject.Religion))
                    continue;
                var teacher = _users[code == "MTK" && c.Level == 11 ? "guru.mtk2" : subject.TeacherUser];
                var gradebookId = Guid.CreateVersion7();
                await Send(new OpenGradebook(Guid.NewGuid(), gradebookId, termId, c.Id, subjectId, teacher.UserId, subject.Objectives, _system, EntrySource.Seed));
                // X-1's Matematika is left empty for trying the grid (the browser tests type a whole class into it).
                if (c.Name == "X-1" && code == "MTK")
                    continue;
                await ScoreAsync(c, subject, gradebookId, teacher);
                if (c.Name == "XII-1" && code == "MTK")
                    await LockWithCorrectionsAsync(c, gradebookId);
            }
        });

        return [.. _logins];
    }

    /// <summary>A class's whole sheet in one save; then, in a few gradebooks, what teachers do afterwards:
    /// corrections with reasons (one a large swing), overrides, an edited description, and gaps in X-1.</summary>
    private async Task ScoreAsync(DemoClass c, DemoSubject subject, Guid gradebookId, Actor teacher)
    {
        var students = c.Students.Where(s => !subject.IsReligion || s.Religion == subject.Religion).ToList();
        var assessments = Enumerable.Range(1, subject.Objectives.Length).Select(i => $"tp{i}").Concat(["sas-tes", "sas-nontes"]).ToList();
        var entries = new List<ScoreEntry>();
        var subjectEase = c.Random.Next(-4, 5);
        foreach (var (student, row) in students.Select((s, i) => (s, i)))
        {
            var ability = c.Abilities[student.Id] + subjectEase;
            foreach (var a in assessments)
            {
                // X-1 is mid-term: in Bahasa Inggris two students still miss the SAS, one a TP (someone to chase).
                if (c.Name == "X-1" && subject.Code == "BING" && (row is 4 or 17 && a.StartsWith("sas") || row == 9 && a == "tp3"))
                    continue;
                entries.Add(new ScoreEntry(student.Id, a, Math.Clamp(ability + c.Random.Next(-7, 8), 35, 100).ToString(), null));
            }
        }
        // XI-1 Fisika: digits swapped when typing from the answer sheet, corrected below (a large swing).
        var typo = c.Name == "XI-1" && subject.Code == "FIS";
        if (typo)
            entries[5] = entries[5] with { Value = "38" };
        await Send(new SaveScores(Guid.NewGuid(), gradebookId, entries, null, teacher, EntrySource.Seed));

        if (typo)
            await Correct(gradebookId, teacher, [(entries[5], "83")], "Angka tertukar saat input dari lembar jawaban (tertulis 38, seharusnya 83).");
        if (c.Name == "X-3" && subject.Code == "BIND" || c.Name == "XI-2" && subject.Code == "EKO")
        {
            var after = entries.Where(e => e.Assessment == "tp2").Take(3).Select(e => (e, Math.Min(100, int.Parse(e.Value!) + 8).ToString())).ToList();
            await Correct(gradebookId, teacher, after, "Nilai remedial TP2 setelah tugas perbaikan dikumpulkan.");
        }
        if (c.Name == "X-2" && subject.Code == "BIO")
            await Correct(gradebookId, teacher, [(entries[1], (int.Parse(entries[1].Value!) - 4).ToString())], "Salah hitung skor rubrik praktikum.");
        if (c.Name == "X-2" && subject.Code == "MTK" || c.Name == "XI-1" && subject.Code == "BIO")
            await ShowcaseFinalGradesAsync(gradebookId, teacher);
    }

    private Task Correct(Guid gradebookId, Actor teacher, IReadOnlyList<(ScoreEntry Entry, string Value)> changes, string reason) =>
        Send(new SaveScores(Guid.NewGuid(), gradebookId, [.. changes.Select(x => x.Entry with { Value = x.Value, Seen = int.Parse(x.Entry.Value!) })],
            reason, teacher, EntrySource.Seed));

    /// <summary>One overridden final grade and one description in the teacher's own words, so the final-grade
    /// pages show both beside what was calculated.</summary>
    private async Task ShowcaseFinalGradesAsync(Guid gradebookId, Actor teacher)
    {
        await using var session = store.QuerySession();
        var gradebook = await session.LoadAsync<Gradebook>(StreamKeys.Gradebook(SchoolId, gradebookId));
        var students = gradebook!.FinalGrades.Where(f => f.Value.Value is not null).Select(f => (Id: f.Key, Value: f.Value.Value!.Value)).Take(2).ToList();
        await Send(new OverrideFinalGrade(Guid.NewGuid(), gradebookId, students[0].Id, Math.Min(100, students[0].Value + 3).ToString(), null,
            "Nilai praktik susulan setelah sakit, disetujui wali kelas.", teacher, EntrySource.Seed));
        await Send(new EditDescription(Guid.NewGuid(), gradebookId, students[1].Id,
            gradebook.GeneratedDescriptions[students[1].Id] + " Aktif bertanya dan membantu teman dalam diskusi kelompok.", null, teacher,
            EntrySource.Seed));
    }

    /// <summary>The wali kelas's part of the rapor, each section saved for the whole class at once; an
    /// extracurricular is one line per student (Pramuka for the whole of class X in one entry, one club for some).</summary>
    private async Task HomeroomAsync(DemoClass c)
    {
        var wali = _users[c.HomeroomUser];
        await Send(new RecordAttendance(Guid.NewGuid(), c.Id,
            [.. c.Students.Select(s => new AttendanceEntry(s.Id, Days(c.Random, 3, 5), Days(c.Random, 2, 6), c.Random.Next(12) == 0 ? "1" : "0"))], wali, EntrySource.Seed));
        await Send(new WriteHomeroomNotes(Guid.NewGuid(), c.Id,
            [.. c.Students.Select(s => new HomeroomNoteEntry(s.Id, Kokurikuler[c.Random.Next(Kokurikuler.Length)], HomeroomNotes[c.Random.Next(HomeroomNotes.Length)]))],
            wali, EntrySource.Seed));
        // A Genap rapor prints the keputusan: class XII graduates, the others move up but for the few who struggle most.
        if (_semester == 2)
            await Send(new DecidePromotions(Guid.NewGuid(), c.Id, [.. c.Students.Select(s => new PromotionEntry(s.Id,
                PromotionKinds.IsFinal(c.Level, SchoolProfileData.ThreeYearLastLevel) ? PromotionKinds.Graduated : c.Abilities[s.Id] < 58 ? PromotionKinds.Retained : PromotionKinds.Promoted))],
                wali, EntrySource.Seed));
        if (c.Level == 10)
        {
            var (pramuka, description) = Extracurriculars[0];
            await Send(new AddExtracurricularToClass(Guid.NewGuid(), c.Id, pramuka, null, description,
                [.. c.Students.Select(s => new ExtracurricularParticipant(s.Id, c.Random.Next(4) == 0 ? "Sangat Baik" : "Baik"))], wali, EntrySource.Seed));
            return;
        }
        foreach (var s in c.Students)
        {
            var activity = c.Random.Next(3) == 0 ? default : Extracurriculars[1 + c.Random.Next(Extracurriculars.Length - 1)];
            if (activity.Activity is null)
                continue;
            await Send(new SaveExtracurricular(Guid.NewGuid(), c.Id, s.Id, Guid.CreateVersion7(), activity.Activity, c.Random.Next(4) == 0 ? "Sangat Baik" : "Baik",
                activity.Description, wali, EntrySource.Seed));
        }
    }

    /// <summary>Mostly 0, sometimes a few days: one chance in <paramref name="oneIn"/> of 1 to <paramref name="max"/>.</summary>
    private static string Days(Random random, int oneIn, int max) => (random.Next(oneIn) == 0 ? random.Next(1, max) : 0).ToString();

    /// <summary>XII-1 is locked by its wali kelas; afterwards the Matematika teacher asks for three corrections: the
    /// principal approves one; a score and a final grade wait in the principal's queue, with the wali kelas's own request
    /// for one student's attendance.</summary>
    private async Task LockWithCorrectionsAsync(DemoClass c, Guid gradebookId)
    {
        await Send(new LockClass(Guid.NewGuid(), c.Id, _users[c.HomeroomUser], EntrySource.Seed));
        await using var session = store.QuerySession();
        var gradebook = (await session.LoadAsync<Gradebook>(StreamKeys.Gradebook(SchoolId, gradebookId)))!;
        var (teacher, principal) = (_users["guru.mtk"], _users["kepsek"]);
        var approved = Guid.CreateVersion7();
        var first = gradebook.Score(c.Students[2].Id, "tp3")!.Value;
        await Send(new RequestCorrection(Guid.NewGuid(), approved, gradebookId, c.Students[2].Id, "tp3", first, Math.Min(100, first + 10).ToString(),
            "Hasil remedial TP3 baru dinilai setelah nilai dikunci.", teacher, EntrySource.Seed));
        await Send(new ApproveCorrection(Guid.NewGuid(), approved, "Bukti remedial sudah diperiksa.", principal, EntrySource.Seed));
        var second = gradebook.Score(c.Students[7].Id, "sas-nontes")!.Value;
        await Send(new RequestCorrection(Guid.NewGuid(), Guid.CreateVersion7(), gradebookId, c.Students[7].Id, "sas-nontes", second,
            Math.Min(100, second + 6).ToString(), "Nilai proyek SAS non-tes belum memasukkan presentasi susulan.", teacher, EntrySource.Seed));
        var final = gradebook.FinalGrades.GetValueOrDefault(c.Students[4].Id)?.Value ?? 75;
        await Send(new RequestCorrection(Guid.NewGuid(), Guid.CreateVersion7(), gradebookId, c.Students[4].Id, CorrectionRequest.FinalGrade, null,
            Math.Min(100, final + 3).ToString(), "Nilai akhir belum memasukkan tugas perbaikan yang dinilai setelah kunci.", teacher, EntrySource.Seed));
        var absent = (await session.LoadAsync<ReportCard>(StreamKeys.ReportCard(SchoolId, gradebook.TermId, c.Students[5].Id)))?.Attendance ?? Attendance.None;
        await Send(new RequestHomeroomCorrection(Guid.NewGuid(), Guid.CreateVersion7(), c.Id, c.Students[5].Id,
            new HomeroomChange(HomeroomParts.Attendance, $"{absent.Sick + 2}", $"{absent.Permitted}", $"{Math.Max(0, absent.Unexcused - 2)}", absent),
            "Surat keterangan dokter untuk dua hari itu baru diserahkan orang tua setelah rapor dikunci.", _users[c.HomeroomUser], EntrySource.Seed));
    }

    /// <summary>Registers the accounts, each with a random password; the deliberately slow hashes are computed
    /// side by side first (a stop meanwhile starts no more of them: on two busy cores they take tens of seconds).</summary>
    private async Task UsersAsync(IReadOnlyList<(string UserName, string DisplayName, RoleGrant Role)> users)
    {
        var passwords = users.Select(_ => RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyz23456789", 12)).ToList();
        var hashes = await Task.WhenAll(passwords.Select(p => Task.Run(() => hasher.HashPassword(new UserAccount(), p), _ct)));
        foreach (var ((userName, displayName, role), i) in users.Select((u, i) => (u, i)))
        {
            var id = Guid.CreateVersion7();
            await Send(new RegisterUser(Guid.NewGuid(), id, userName, displayName, null, hashes[i], [role], _system, EntrySource.Seed));
            if (Printed.TryGetValue(userName, out var what))
                _logins.Add($"  {what,-36} {userName,-12} {passwords[i]}");
            _users[userName] = new Actor(id, userName, SchoolId);
        }
    }

    /// <summary>Sends a command as the web layer does and stops the seed on any refusal. A stop (Ctrl-C) takes effect between
    /// commands, each short: one cut off half way is logged by Wolverine as a failed invocation with its stack trace.</summary>
    private async Task Send(object command)
    {
        _ct.ThrowIfCancellationRequested();
        using var scope = scopes.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        var outcome = command is ImportStudents
            ? (await bus.InvokeAsync<ImportOutcome>(command, CancellationToken.None)).Outcome
            : await bus.InvokeAsync<CommandOutcome>(command, CancellationToken.None);
        if (!outcome.IsAccepted)
            throw new InvalidOperationException($"Demo seed: {command.GetType().Name} rejected: {string.Join("; ", outcome.Errors.Select(e => $"{e.Code} {e.Message}"))}");
    }
}
