using ERaport.Write.Accounts;
using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.School;

/// <summary>The wali kelas wanted for one class (null: none).</summary>
public sealed record HomeroomChoice(Guid ClassId, Guid? HomeroomTeacherId);

/// <summary>Names the wali kelas of many classes of one term at once (the "Wali kelas semua kelas" form): each class changed
/// gets the same <see cref="ClassUpdated"/> as <see cref="UpdateClass"/> appends, and the wali kelas roles follow
/// (<see cref="HomeroomTeacherRole"/>), all in one transaction. One refused class refuses them all; each error names its class.</summary>
public sealed record NameHomeroomTeachers(Guid CommandId, Guid TermId, IReadOnlyList<HomeroomChoice> Classes, Actor By, EntrySource Source) : ICommand;

public static class NameHomeroomTeachersHandler
{
    public static readonly DomainError NoClasses = new("homeroom.no_classes", "Tidak ada kelas yang dikirim.");

    /// <summary><paramref name="classesOfTerm"/>: the term's classes; <paramref name="accounts"/>: the school's accounts named
    /// or holding the wali kelas role of those classes (<see cref="HomeroomTeacherRole.AccountsAsync"/>).</summary>
    public static MultiDecision Decide(Acting by, Term? term, IReadOnlyList<SchoolClass> classesOfTerm, IReadOnlyList<UserAccount> accounts, NameHomeroomTeachers c)
    {
        if (MasterData.Guard(by) is { } refused)
            return MultiDecision.Reject(refused.Status, [.. refused.Errors]);
        if (term is null)
            return MultiDecision.Reject(OutcomeStatus.NotFound, UpdateTermHandler.TermNotFound);
        if (c.Classes is not { Count: > 0 })
            return MultiDecision.Reject(OutcomeStatus.Invalid, NoClasses);

        var classes = classesOfTerm.Where(k => k.TermId == c.TermId).ToDictionary(k => k.ClassId);
        var errors = new List<(OutcomeStatus Status, DomainError Error)>();
        var changed = new List<StreamEvents>();
        var named = new List<NamedHomeroomTeacher>();
        foreach (var (choice, row) in c.Classes.Select((k, i) => (k, i + 1)))
        {
            var teacherId = choice.HomeroomTeacherId == Guid.Empty ? null : choice.HomeroomTeacherId;
            if (!classes.TryGetValue(choice.ClassId, out var k))
            {
                errors.Add((OutcomeStatus.NotFound, OfRow(new DomainError("class.not_found", $"Baris {row}: kelas tidak ditemukan di semester {term.Label}."), choice.ClassId)));
                continue;
            }
            if (named.Any(n => n.ClassId == k.ClassId))
            {
                errors.Add((OutcomeStatus.Invalid, OfRow(new DomainError("homeroom.class_repeated", $"{k.Name}: kelas ini disebut lebih dari sekali."), k.ClassId)));
                continue;
            }
            named.Add(new NamedHomeroomTeacher(k.ClassId, k.TermId, teacherId));
            if (teacherId == k.HomeroomTeacherId)
                continue;
            // As on the class form: a teacher disabled after being named stays until changed; only a new name is checked.
            if (ClassRules.Teacher(teacherId, accounts.FirstOrDefault(a => a.UserId == teacherId), by) is { } error)
            {
                errors.Add((error.Code == "teacher.not_found" ? OutcomeStatus.NotFound : OutcomeStatus.Invalid, OfRow(error with { Message = $"{k.Name}: {error.Message}" }, k.ClassId)));
                continue;
            }
            changed.Add(new StreamEvents(StreamKeys.Class(by.By.SchoolId, k.ClassId), typeof(SchoolClass), false,
                [new ClassUpdated(k.ClassId, k.TermId, k.Name, k.Level, k.Phase, teacherId)]));
        }
        if (errors.Count > 0)
            // The first refusal's status, as the API answers one status for the whole post.
            return MultiDecision.Reject(errors[0].Status, [.. errors.Select(e => e.Error)]);
        var roles = HomeroomTeacherRole.Follow(by.By.SchoolId, named, accounts);
        return MultiDecision.Append(changed.Count + roles.Sum(r => r.Events.Count), [.. changed, .. roles]);
    }

    /// <summary>The error with the class it belongs to, so a form can show it on that class's row.</summary>
    private static DomainError OfRow(DomainError error, Guid classId) =>
        error with { Details = new Dictionary<string, object?>(error.Details ?? new Dictionary<string, object?>()) { ["classId"] = classId } };

    /// <summary>Under the school's master-data lock no class changes meanwhile; the accounts are fetched for writing.</summary>
    public static Task<CommandOutcome> Handle(NameHomeroomTeachers c, IDocumentSession session, CancellationToken ct) =>
        MasterData.ExecuteMany(session, c, $"{c.By.SchoolId}/homeroom-teachers/{c.CommandId:N}", async (by, locks) =>
        {
            var school = c.By.SchoolId;
            var classes = await MasterData.ClassesOfTermAsync(session, school, c.TermId, ct);
            var asked = (c.Classes ?? []).Select(k => k.ClassId).ToHashSet();
            IReadOnlyList<NamedHomeroomTeacher> concerned =
            [
                .. classes.Where(k => asked.Contains(k.ClassId)).Select(k => new NamedHomeroomTeacher(k.ClassId, k.TermId, k.HomeroomTeacherId)),
                .. (c.Classes ?? []).Select(k => new NamedHomeroomTeacher(k.ClassId, c.TermId, k.HomeroomTeacherId)),
            ];
            var accounts = await HomeroomTeacherRole.AccountsAsync(session, locks, school, concerned, ct);
            return Decide(by, await session.LoadAsync<Term>(StreamKeys.Term(school, c.TermId), ct), classes, accounts, c);
        }, ct);
}
