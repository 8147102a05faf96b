using ERaport.Write.Common;
using ERaport.Write.School;
using Marten;

namespace ERaport.Write.Grading;

/// <summary>Assigns a teacher to teach a subject to a class in a term, with its learning objectives.
/// <see cref="Weights"/> null: the term's default (<see cref="Term.GradingDefault"/>, 1 : 0 : 1 unless the admin set
/// another, such as 60 : 20 : 20).</summary>
public sealed record OpenGradebook(
    Guid CommandId, Guid GradebookId, Guid TermId, Guid ClassId, Guid SubjectId, Guid TeacherId,
    IReadOnlyList<string> LearningObjectives, Actor By, EntrySource Source, Weights? Weights = null);

/// <summary><see cref="Kktp"/> is the subject's at the time of opening; the teacher may change it later
/// (<see cref="GradingSchemeChanged"/>). Events stored before it existed read as 70 and 1:1.</summary>
public sealed record GradebookOpened(
    Guid GradebookId, Guid TermId, Guid ClassId, Guid SubjectId, Guid TeacherId, IReadOnlyList<LearningObjective> LearningObjectives,
    int Kktp = Gradebook.DefaultKktp, Weights? Weights = null);

public static class OpenGradebookHandler
{
    public const int MaxLearningObjectives = 30;

    /// <summary><paramref name="term"/> gives the default weights; the chosen ones go into <see cref="GradebookOpened"/>, so a
    /// replay never depends on the term's later state.</summary>
    public static Decision Decide(Gradebook? current, Subject? subject, OpenGradebook c, Term? term = null)
    {
        if (current is not null)
            return Decision.Reject(OutcomeStatus.Conflict, new DomainError("gradebook.already_opened", "Pembelajaran ini sudah dibuat."));
        if (subject is null)
            return Decision.Reject(OutcomeStatus.NotFound, new DomainError("subject.not_found", "Mata pelajaran tidak ditemukan."));
        var objectives = c.LearningObjectives ?? [];
        var weights = c.Weights ?? term?.GradingDefault ?? Weights.Default;
        return Rules.Check(
            () => Decision.Append(new GradebookOpened(c.GradebookId, c.TermId, c.ClassId, c.SubjectId, c.TeacherId,
                objectives.Select((d, i) => LearningObjective.Numbered(i + 1, d.Trim())).ToList(), subject.Kktp, weights)),
            objectives.Count is > 0 and <= MaxLearningObjectives
                ? null
                : new DomainError("learningObjectives.count", $"Isi 1 sampai {MaxLearningObjectives} tujuan pembelajaran."),
            objectives.Select(d => Rules.Required(d, "learningObjectives", "Tujuan pembelajaran", LearningObjective.MaxLength)).FirstOrDefault(e => e is not null),
            ChangeGradingSchemeHandler.CheckWeights(weights));
    }

    public static Task<CommandOutcome> Handle(OpenGradebook c, IDocumentSession session, CancellationToken ct) =>
        CommandPipeline.Execute<Gradebook>(session, c.CommandId, c.By, c.Source, StreamKeys.Gradebook(c.By.SchoolId, c.GradebookId),
            async current => Decide(current, await session.LoadAsync<Subject>(StreamKeys.Subject(c.By.SchoolId, c.SubjectId), ct), c,
                await session.LoadAsync<Term>(StreamKeys.Term(c.By.SchoolId, c.TermId), ct)), ct);
}
