using ERaport.Write.Accounts;
using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.School;

/// <summary>One row of a student import (Dapodik "Daftar Peserta Didik"): <see cref="Row"/> is its row number
/// in the file, <see cref="NewStudentId"/> the id it gets when its NISN is new, <see cref="ClassName"/> the
/// "Rombel Saat Ini". Fields named in <see cref="Missing"/> had no column in the file and keep their stored value.</summary>
public sealed record ImportedStudent(int Row, [property: ServerMade] Guid NewStudentId, StudentData Data, string? ClassName, IReadOnlyList<string>? Missing = null);

/// <summary>Registers or updates every student of a file and puts each into their class of the term, all in
/// one transaction: one bad row stores nothing. Rows are matched by NISN, so importing the same file again
/// changes nothing and a changed file updates instead of duplicating. A student whose rombel changed is moved;
/// students missing from the file are left as they are. A row that gives a stored student another name goes ahead only
/// with <see cref="RenamesConfirmed"/>: a NISN typed wrong would otherwise turn one student into another.</summary>
public sealed record ImportStudents(Guid CommandId, Guid TermId, IReadOnlyList<ImportedStudent> Rows, Actor By, EntrySource Source,
    bool RenamesConfirmed = false) : ICommand;

public sealed record ImportSummary(int Rows, int Registered, int Updated, int Unchanged, int Enrolled, int Moved)
{
    public static readonly ImportSummary None = new(0, 0, 0, 0, 0, 0);
}

/// <summary>A stored student (matched by NISN) whose name the import changed or whom it moved to another class.
/// Named on the result, not only counted: a NISN typed wrong in the file silently turns another student into
/// this row, and only the names show it.</summary>
public sealed record ImportedChange(int Row, Guid StudentId, string Nisn, string Name, string PreviousName, IReadOnlyList<string> Fields, string? FromClass, string? ToClass);

/// <summary>The answer to an import; <see cref="Summary"/> is null (and <see cref="Changes"/> empty) when a
/// repeated command was answered from its receipt.</summary>
public sealed record ImportOutcome(CommandOutcome Outcome, ImportSummary? Summary, IReadOnlyList<ImportedChange> Changes);

public sealed record ImportPlan(MultiDecision Decision, ImportSummary Summary, IReadOnlyList<ImportedChange> Changes);

public static class ImportStudentsHandler
{
    public const int MaxRows = 5000;

    /// <summary>A class name without its separators: Dapodik's rombel "X-TKJ-1" or "XTKJ1" is the school's class "X TKJ 1" when no
    /// other class of the term reads the same without them (then nothing is guessed).</summary>
    private static string Unseparated(string? name) =>
        string.Concat(ClassRules.Key(name).Where(ch => ch is not (' ' or '-' or '.' or '_' or '/')));

    /// <summary>Row errors carry "row", "field" and "value" in their details. The web layer runs this same
    /// function as a dry run to report every rejected row before anything is sent. <paramref name="today"/>: the school's date.</summary>
    public static ImportPlan Decide(Acting by, Term? term, IReadOnlyList<SchoolClass> classesOfTerm, IReadOnlyList<Student> students, DateOnly today,
        ImportStudents c)
    {
        if (MasterData.Guard(by) is { } refused)
            return Rejected(MultiDecision.Reject(refused.Status, [.. refused.Errors]));
        if (term is null)
            return Rejected(MultiDecision.Reject(OutcomeStatus.NotFound, UpdateTermHandler.TermNotFound));
        var rows = c.Rows ?? [];
        if (rows.Count == 0)
            return Rejected(MultiDecision.Reject(OutcomeStatus.Invalid, new DomainError("import.empty", "Berkas tidak berisi satu pun baris peserta didik.")));
        if (rows.Count > MaxRows)
            return Rejected(MultiDecision.Reject(OutcomeStatus.Invalid,
                new DomainError("import.too_many_rows", $"Paling banyak {MaxRows:N0} peserta didik sekali impor; berkas ini berisi {rows.Count:N0}.")));

        classesOfTerm = classesOfTerm.Where(k => k.TermId == c.TermId).ToList();
        var classes = classesOfTerm.GroupBy(k => ClassRules.Key(k.Name)).ToDictionary(g => g.Key, g => g.First());
        var unseparated = classesOfTerm.GroupBy(k => Unseparated(k.Name)).Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.Single());
        var byNisn = students.Where(s => s.Nisn.Length > 0).GroupBy(s => s.Nisn).ToDictionary(g => g.Key, g => g.First());
        var byNis = students.Where(s => s.Nis.Length > 0).GroupBy(s => s.Nis).ToDictionary(g => g.Key, g => g.First());
        var seenNisn = new Dictionary<string, int>();
        var seenNis = new Dictionary<string, int>();
        var errors = new List<DomainError>();
        var planned = new List<(ImportedStudent Row, Student? Existing, StudentData Data, SchoolClass Class)>();

        foreach (var row in rows)
        {
            var rowErrors = new List<DomainError>();
            var nisn = (row.Data?.Nisn ?? "").Trim();
            var existing = byNisn.GetValueOrDefault(nisn);
            var data = Merge(row.Data ?? new StudentData("", "", "", "", null, null, null), existing, row.Missing ?? []).Normalized();
            rowErrors.AddRange(data.Errors(today));

            SchoolClass? target = null;
            if (string.IsNullOrWhiteSpace(row.ClassName))
                rowErrors.Add(Text.Error("className.required", "Rombel kosong: isi kelas peserta didik ini.", "className", row.ClassName));
            else if (!classes.TryGetValue(ClassRules.Key(row.ClassName), out target) && !unseparated.TryGetValue(Unseparated(row.ClassName), out target))
                rowErrors.Add(Text.Error("className.not_found",
                    $"Rombel \"{Text.Clean(row.ClassName)}\" tidak ada di semester {term.Label}. Buat kelasnya dulu di Data › Kelas, atau perbaiki nama rombelnya.",
                    "className", row.ClassName));

            if (data.Nisn.Length > 0 && seenNisn.TryGetValue(data.Nisn, out var firstNisn))
                rowErrors.Add(Text.Error("nisn.duplicate", $"NISN {data.Nisn} sudah ada di baris {firstNisn} berkas ini.", "nisn", data.Nisn));
            else if (data.Nisn.Length > 0)
                seenNisn[data.Nisn] = row.Row;
            if (data.Nis.Length > 0 && seenNis.TryGetValue(data.Nis, out var firstNis))
                rowErrors.Add(Text.Error("nis.duplicate", $"NIS {data.Nis} sudah ada di baris {firstNis} berkas ini.", "nis", data.Nis));
            else if (data.Nis.Length > 0)
                seenNis[data.Nis] = row.Row;
            if (byNis.GetValueOrDefault(data.Nis) is { } sameNis && sameNis.Nisn != data.Nisn)
                rowErrors.Add(Text.Error("nis.taken", $"NIS {data.Nis} sudah dipakai oleh {sameNis.Name} (NISN {sameNis.Nisn}).", "nis", data.Nis));

            errors.AddRange(rowErrors.Select(e => e.AtRow(row.Row)));
            if (rowErrors.Count == 0)
                planned.Add((row, existing, data, target!));
        }
        if (errors.Count > 0)
            return Rejected(MultiDecision.Reject(OutcomeStatus.Invalid, errors));

        var school = c.By.SchoolId;
        var streams = new List<StreamEvents>();
        var classEvents = new Dictionary<Guid, List<object>>();
        void ToClass(Guid classId, object e)
        {
            if (!classEvents.TryGetValue(classId, out var list))
                classEvents[classId] = list = [];
            list.Add(e);
        }
        int registered = 0, updated = 0, unchanged = 0, enrolled = 0, moved = 0;
        var changes = new List<ImportedChange>();
        foreach (var (row, existing, data, target) in planned)
        {
            Guid studentId;
            IReadOnlyList<string> changed = [];
            if (existing is null)
            {
                studentId = row.NewStudentId;
                streams.Add(new StreamEvents(StreamKeys.Student(school, studentId), typeof(Student), true, [StudentRegistered.Of(studentId, data)]));
                registered++;
            }
            else
            {
                studentId = existing.StudentId;
                changed = data.ChangedFrom(existing.Data);
                if (changed.Count > 0)
                {
                    streams.Add(new StreamEvents(StreamKeys.Student(school, studentId), typeof(Student), false, [new StudentUpdated(studentId, data, changed, existing.Data)]));
                    updated++;
                }
                else
                    unchanged++;
            }

            var current = Roster.ClassOf(classesOfTerm, studentId);
            var movesClass = current is not null && current.ClassId != target.ClassId;
            if (existing is not null && (changed.Contains("name") || movesClass))
                changes.Add(new ImportedChange(row.Row, studentId, data.Nisn, data.Name, existing.Name, changed, movesClass ? current!.Name : null, movesClass ? target.Name : null));
            if (current?.ClassId == target.ClassId)
                continue;
            if (current is null)
            {
                ToClass(target.ClassId, new StudentEnrolled(studentId));
                enrolled++;
            }
            else
            {
                ToClass(current.ClassId, new StudentMovedOut(studentId, target.ClassId));
                ToClass(target.ClassId, new StudentMovedIn(studentId, current.ClassId));
                moved++;
            }
        }
        var renames = changes.Where(k => k.Fields.Contains("name") && !SamePerson(k.PreviousName, k.Name)).ToList();
        if (renames.Count > 0 && !c.RenamesConfirmed)
            return Rejected(MultiDecision.Reject(OutcomeStatus.Conflict, [.. renames.Select(RenameNotConfirmed)]));
        streams.AddRange(classEvents.Select(k => new StreamEvents(StreamKeys.Class(school, k.Key), typeof(SchoolClass), false, k.Value)));
        var summary = new ImportSummary(rows.Count, registered, updated, unchanged, enrolled, moved);
        return new ImportPlan(MultiDecision.Append(registered + updated + enrolled + moved, streams), summary, changes);
    }

    public const string RenameNotConfirmedCode = "import.rename_not_confirmed";

    private static DomainError RenameNotConfirmed(ImportedChange k)
    {
        return Text.Error(RenameNotConfirmedCode,
            $"NISN {k.Nisn} terdaftar atas nama {k.PreviousName}, bukan {k.Name}. Bila memang orang yang sama dan namanya diperbaiki, " +
            "centang “Nama yang berubah memang benar” lalu impor lagi; bila bukan, NISN di baris ini salah ketik.", "nisn", k.Nisn).AtRow(k.Row);
    }

    /// <summary>The same name written another way: capitals, spaces and marks aside (Dapodik writes "ADI NUGROHO", a form "Adi Nugroho").</summary>
    public static bool SamePerson(string before, string after)
    {
        static string Letters(string name) => string.Concat(name.Where(char.IsLetterOrDigit)).ToUpperInvariant();
        return Letters(before) == Letters(after);
    }

    /// <summary>A field the file has no column for keeps what is stored.</summary>
    private static StudentData Merge(StudentData data, Student? existing, IReadOnlyList<string> missing)
    {
        if (existing is null || missing.Count == 0)
            return data;
        bool Keep(string field) => missing.Contains(field);
        return data with
        {
            Nis = Keep("nis") ? existing.Nis : data.Nis,
            Sex = Keep("sex") ? existing.Sex : data.Sex,
            BirthPlace = Keep("birthPlace") ? existing.BirthPlace : data.BirthPlace,
            BirthDate = Keep("birthDate") ? existing.BirthDate : data.BirthDate,
            Religion = Keep("religion") ? existing.Religion : data.Religion,
            Address = Keep("address") ? existing.Address : data.Address,
            FatherName = Keep("fatherName") ? existing.FatherName : data.FatherName,
            MotherName = Keep("motherName") ? existing.MotherName : data.MotherName,
            GuardianName = Keep("guardianName") ? existing.GuardianName : data.GuardianName,
        };
    }

    private static ImportPlan Rejected(MultiDecision d) => new(d, ImportSummary.None, []);

    /// <summary>What the decision reads, loaded after the school's master-data lock when run for real. (Not named
    /// Load*: Wolverine would take that for handler middleware.)</summary>
    public static async Task<(Term? Term, IReadOnlyList<SchoolClass> Classes, IReadOnlyList<Student> Students)> StateAsync(
        IQuerySession session, string schoolId, Guid termId, CancellationToken ct) =>
        (await session.LoadAsync<Term>(StreamKeys.Term(schoolId, termId), ct),
            await MasterData.ClassesOfTermAsync(session, schoolId, termId, ct),
            await MasterData.StudentsAsync(session, schoolId, ct));

    public static async Task<ImportOutcome> Handle(ImportStudents c, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        ImportPlan? plan = null;
        var outcome = await MasterData.ExecuteMany(session, c, $"{c.By.SchoolId}/import/{c.CommandId:N}", async by =>
        {
            var (term, classes, students) = await StateAsync(session, c.By.SchoolId, c.TermId, ct);
            plan = Decide(by, term, classes, students, SchoolTime.Today(clock), c);
            return plan.Decision;
        }, ct);
        return outcome.IsAccepted && plan is not null ? new ImportOutcome(outcome, plan.Summary, plan.Changes) : new ImportOutcome(outcome, null, []);
    }
}
