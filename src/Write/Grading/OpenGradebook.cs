using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.ReportCards;
using ERaport.Write.School;
using Marten;

namespace ERaport.Write.Grading;

/// <summary>Assigns a teacher to teach a subject to a class in a term, with its learning objectives.
/// <see cref="Weights"/> null: the term's default (<see cref="Term.GradingDefault"/>, 1 : 0 : 1 unless the admin set
/// another, such as 60 : 20 : 20). The teacher must be an active account with the teacher role in the term, as when a
/// gradebook is handed over (<see cref="ReassignGradebook"/>). Opened in a class whose grades are locked, it starts locked
/// with them (<see cref="GradebookLocked.AtOpening"/>), and unlocking the class unlocks it like the others.</summary>
public sealed record OpenGradebook(
    Guid CommandId, Guid GradebookId, Guid TermId, Guid ClassId, Guid SubjectId, Guid TeacherId,
    IReadOnlyList<string> LearningObjectives, Actor By, EntrySource Source, Weights? Weights = null) : ICommand;

/// <summary><see cref="Kktp"/> is the subject's at the time of opening; the teacher may change it later
/// (<see cref="GradingSchemeChanged"/>). Events stored before it existed read as 70 and 1:1.</summary>
public sealed record GradebookOpened(
    Guid GradebookId, Guid TermId, Guid ClassId, Guid SubjectId, Guid TeacherId, IReadOnlyList<LearningObjective> LearningObjectives,
    int Kktp = Gradebook.DefaultKktp, Weights? Weights = null);

public static class OpenGradebookHandler
{
    public const int MaxLearningObjectives = 30;

    /// <param name="teacher">The account of <see cref="OpenGradebook.TeacherId"/>, if it exists.</param>
    /// <param name="classLock">Who locked the class's grades and when, if they are locked now (<see cref="ClassLock.LockAsync"/>).</param>
    /// <param name="term">Gives the default weights; the chosen ones go into <see cref="GradebookOpened"/>, so a replay never
    /// depends on the term's later state.</param>
    public static Decision Decide(Gradebook? current, Subject? subject, UserAccount? teacher, ChangeStamp? classLock, OpenGradebook c, Term? term = null)
    {
        if (current is not null)
            return Decision.Reject(OutcomeStatus.Conflict, new DomainError("gradebook.already_opened", "Pembelajaran ini sudah dibuat."));
        if (subject is null)
            return Decision.Reject(OutcomeStatus.NotFound, new DomainError("subject.not_found", "Mata pelajaran tidak ditemukan."));
        if (GradebookRules.RefuseTeacher(teacher, c.By.SchoolId, c.TermId) is { } notEligible)
            return notEligible;
        IReadOnlyList<string> objectives = [.. (c.LearningObjectives ?? []).Select(d => LearningObjective.FromListLine(d ?? ""))];
        var weights = c.Weights ?? term?.GradingDefault ?? Weights.Default;
        return Rules.Check(
            () => Opened(c, objectives, subject, weights, classLock),
            objectives.Count is > 0 and <= MaxLearningObjectives
                ? null
                : new DomainError("learningObjectives.count", $"Isi 1 sampai {MaxLearningObjectives} tujuan pembelajaran."),
            objectives.Select(d => Rules.Required(d, "learningObjectives", "Tujuan pembelajaran", LearningObjective.MaxLength)).FirstOrDefault(e => e is not null),
            ChangeGradingSchemeHandler.CheckWeights(weights));
    }

    /// <summary>One change: the opening, followed by the lock when the class is locked, naming the class's lock (the opening's
    /// sender did not lock it).</summary>
    private static Decision Opened(OpenGradebook c, IReadOnlyList<string> objectives, Subject subject, Weights weights, ChangeStamp? classLock)
    {
        var opened = new GradebookOpened(c.GradebookId, c.TermId, c.ClassId, c.SubjectId, c.TeacherId,
            [.. objectives.Select((d, i) => LearningObjective.Numbered(i + 1, d))], subject.Kktp, weights);
        return classLock is { } l
            ? Decision.Append(1, [opened, new GradebookLocked(c.TermId, c.ClassId, AtOpening: true, l.By, l.At)])
            : Decision.Append(opened);
    }

    public static async Task<CommandOutcome> Handle(OpenGradebook c, IDocumentSession session, CancellationToken ct)
    {
        // The school's master-data lock, as every change of a gradebook's teacher: the teacher's role cannot be revoked meanwhile
        // (RevokeRole looks for their gradebooks under it). Then the class's: locking and unlocking the class take it too, so
        // neither can commit between reading the class's lock state and storing the new gradebook (which the lock would not have seen).
        await MasterData.LockAsync(session, c.By.SchoolId, ct);
        await HomeroomRules.LockClassAsync(session, c.By.SchoolId, c.ClassId, ct);
        return await CommandPipeline.Execute<Gradebook>(session, c, StreamKeys.Gradebook(c.By.SchoolId, c.GradebookId),
            async current => Decide(current, await session.LoadAsync<Subject>(StreamKeys.Subject(c.By.SchoolId, c.SubjectId), ct),
                await AccountRules.LoadAsync(session, c.By.SchoolId, c.TeacherId, ct), await ClassLock.LockAsync(session, c.By.SchoolId, c.ClassId, ct), c,
                await session.LoadAsync<Term>(StreamKeys.Term(c.By.SchoolId, c.TermId), ct)), ct);
    }
}
