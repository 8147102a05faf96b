using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.ReportCards;
using ERaport.Write.School;
using Marten;

namespace ERaport.Write.Grading;

/// <summary>One subject's row of a class's teaching assignments: <see cref="TeacherId"/> null leaves a subject without an
/// assignment as it is; <see cref="LearningObjectives"/> are the first TPs of an assignment this row opens.</summary>
public sealed record SubjectTeacher(Guid SubjectId, Guid? TeacherId, IReadOnlyList<string>? LearningObjectives = null);

/// <summary>The admin sets who teaches each subject of one class at once (pembelajaran satu kelas): a subject without an
/// assignment that gets a teacher opens its gradebook as <see cref="OpenGradebook"/> does, a subject whose teacher changes
/// is handed over as <see cref="ReassignGradebook"/> does (scores stay with the gradebook), a subject left as it was records
/// nothing. All in one transaction: one refused row stores nothing. <see cref="Weights"/> null: the term's default for the
/// assignments it opens; <see cref="Reason"/> goes with every hand-over.</summary>
public sealed record AssignClassTeachers(
    Guid CommandId, Guid TermId, Guid ClassId, IReadOnlyList<SubjectTeacher> Subjects, string? Reason, Actor By, EntrySource Source,
    Weights? Weights = null) : ICommand;

public static class AssignClassTeachersHandler
{
    /// <summary><paramref name="gradebooks"/>: the class's gradebooks with their ids; <paramref name="teachers"/>: the accounts the
    /// rows name, where they exist; <paramref name="classLock"/>: the class's grade lock, if locked now. Every refused row is
    /// named (details: subjectId, field), its message starting with the subject's name.</summary>
    public static MultiDecision Decide(Acting by, Term? term, SchoolClass? schoolClass, IReadOnlyList<Subject> subjects,
        IReadOnlyList<(Guid GradebookId, Gradebook Gradebook)> gradebooks, IReadOnlyDictionary<Guid, UserAccount> teachers, ChangeStamp? classLock,
        AssignClassTeachers c)
    {
        if (MasterData.Guard(by) is { } refused)
            return MultiDecision.Reject(refused.Status, [.. refused.Errors]);
        if (term is null)
            return MultiDecision.Reject(OutcomeStatus.NotFound, UpdateTermHandler.TermNotFound);
        if (schoolClass is null || schoolClass.TermId != c.TermId)
            return MultiDecision.Reject(OutcomeStatus.NotFound, ClassNotFound);
        if (ReassignGradebookHandler.CleanReason(c.Reason).Refused is { } badReason)
            return MultiDecision.Reject(OutcomeStatus.Invalid, badReason);
        if (c.Weights is { } weights && ChangeGradingSchemeHandler.CheckWeights(weights) is { } badWeights)
            return MultiDecision.Reject(OutcomeStatus.Invalid, badWeights);

        var school = by.By.SchoolId;
        var subjectById = subjects.ToDictionary(s => s.SubjectId);
        // A class has one assignment per subject (MasterDataCommands refuses a second), but events stored by other ways may hold
        // two: the row's teacher then teaches each of them.
        var assigned = gradebooks.ToLookup(g => g.Gradebook.SubjectId);
        var errors = new List<(OutcomeStatus Status, DomainError Error)>();
        var streams = new List<StreamEvents>();
        var changes = 0;
        var seen = new HashSet<Guid>();
        foreach (var row in c.Subjects ?? [])
        {
            if (!subjectById.TryGetValue(row.SubjectId, out var subject))
            {
                errors.Add((OutcomeStatus.NotFound, AtRow(SubjectNotFound, row.SubjectId, null)));
                continue;
            }
            if (!seen.Add(row.SubjectId))
            {
                errors.Add((OutcomeStatus.Invalid, AtRow(DuplicateRow, row.SubjectId, subject.Name)));
                continue;
            }
            var teacher = row.TeacherId is { } id ? teachers.GetValueOrDefault(id) : null;
            var decisions = new List<(Guid GradebookId, bool IsNew, Decision Decision)>();
            if (assigned[row.SubjectId].Any())
            {
                if (row.TeacherId is not { } to)
                {
                    errors.Add((OutcomeStatus.Invalid, AtRow(TeacherRequired, row.SubjectId, subject.Name)));
                    continue;
                }
                foreach (var (gradebookId, gradebook) in assigned[row.SubjectId])
                    decisions.Add((gradebookId, false, ReassignGradebookHandler.Decide(gradebook, by, teacher,
                        new ReassignGradebook(c.CommandId, gradebookId, to, c.Reason, c.By, c.Source))));
            }
            else if (row.TeacherId is { } to)
            {
                // Derived from the command, so a retried command opens the same gradebook.
                var gradebookId = CarryOverTermHandler.IdFor(c.CommandId, row.SubjectId);
                var objectives = (row.LearningObjectives ?? []).Select(o => o?.Trim() ?? "").Where(o => o.Length > 0).ToList();
                decisions.Add((gradebookId, true, OpenGradebookHandler.Decide(null, subject, teacher, classLock,
                    new OpenGradebook(c.CommandId, gradebookId, c.TermId, c.ClassId, row.SubjectId, to, objectives, c.By, c.Source, c.Weights), term)));
            }
            foreach (var (gradebookId, isNew, decision) in decisions)
            {
                if (!decision.IsAccepted)
                {
                    errors.AddRange(decision.Errors.Select(e => (decision.Status, AtRow(e, row.SubjectId, subject.Name))));
                    break; // the same teacher is refused the same way for each
                }
                if (decision.Events.Count > 0)
                {
                    streams.Add(new StreamEvents(StreamKeys.Gradebook(school, gradebookId), typeof(Gradebook), isNew, decision.Events));
                    changes++;
                }
            }
        }
        if (errors.Count > 0)
        {
            var statuses = errors.Select(e => e.Status).Distinct().ToList();
            return MultiDecision.Reject(statuses.Count == 1 ? statuses[0] : OutcomeStatus.Invalid, [.. errors.Select(e => e.Error)]);
        }
        return MultiDecision.Append(changes, streams);
    }

    public static readonly DomainError ClassNotFound = new("class.not_found", "Kelas tidak ditemukan di semester ini.");

    public static readonly DomainError SubjectNotFound = new("subject.not_found", "Mata pelajaran tidak ditemukan.");

    public static readonly DomainError DuplicateRow = new("classTeachers.subject_duplicate", "mata pelajaran ini disebut lebih dari sekali.");

    public static readonly DomainError TeacherRequired = new("classTeachers.teacher_required",
        "pembelajaran ini sudah ada, jadi gurunya tidak dapat dikosongkan; pilih guru pengampu (nilai tetap di buku nilainya).");

    /// <summary>The row's error: its subject in the details, and its name before the message so a list of them reads on its own.</summary>
    private static DomainError AtRow(DomainError e, Guid subjectId, string? subjectName)
    {
        var details = new Dictionary<string, object?>(e.Details ?? new Dictionary<string, object?>()) { ["subjectId"] = subjectId };
        return e with { Message = subjectName is null ? e.Message : $"{subjectName}: {Lower(e.Message)}", Details = details };
    }

    private static string Lower(string message) =>
        message.Length > 1 && char.IsUpper(message[0]) && !char.IsUpper(message[1]) ? char.ToLowerInvariant(message[0]) + message[1..] : message;

    /// <summary>Under the school's master-data lock (as every reassignment) and the class's lock (as every opening, so the class
    /// is not locked in between); the class's gradebooks are fetched for writing in key order, as their teachers may be saving scores.</summary>
    public static Task<CommandOutcome> Handle(AssignClassTeachers c, IDocumentSession session, CancellationToken ct) =>
        MasterData.ExecuteMany(session, c, $"{c.By.SchoolId}/class-teachers/{c.CommandId:N}", async (by, locks) =>
        {
            var school = c.By.SchoolId;
            await HomeroomRules.LockClassAsync(session, school, c.ClassId, ct);
            var term = await session.LoadAsync<Term>(StreamKeys.Term(school, c.TermId), ct);
            var schoolClass = await session.LoadAsync<SchoolClass>(StreamKeys.Class(school, c.ClassId), ct);
            var prefix = MasterData.Prefix(school, "gradebook");
            var keys = await session.Query<Gradebook>().Where(g => g.Id.StartsWith(prefix) && g.ClassId == c.ClassId).Select(g => g.Id).ToListAsync(ct);
            var gradebooks = new List<(Guid, Gradebook)>();
            foreach (var key in keys.Order(StringComparer.Ordinal))
                if (await locks.FetchAsync<Gradebook>(key) is { } gradebook)
                    gradebooks.Add((MasterData.IdOf(key), gradebook));
            var teacherIds = (c.Subjects ?? []).Select(r => r.TeacherId).OfType<Guid>().Distinct().ToList();
            var teachers = new Dictionary<Guid, UserAccount>();
            foreach (var id in teacherIds)
                if (await AccountRules.LoadAsync(session, school, id, ct) is { } account)
                    teachers[id] = account;
            return Decide(by, term, schoolClass, await MasterData.SubjectsAsync(session, school, ct), gradebooks, teachers,
                await ClassLock.LockAsync(session, school, c.ClassId, ct), c);
        }, ct);
}
