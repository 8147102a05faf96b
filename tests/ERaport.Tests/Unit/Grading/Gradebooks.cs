using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.School;

namespace ERaport.Tests.Unit.Grading;

/// <summary>A gradebook of class "X-1" with Ani and Budi, taught by guru.a, and the ways tests move it on:
/// decisions are run and their events applied, as the command pipeline and Marten would.</summary>
internal static class Gradebooks
{
    public static readonly Guid Id = Guid.NewGuid();
    public static readonly Guid Teacher = Guid.NewGuid();
    public static readonly Guid Ani = new("00000000-0000-0000-0000-00000000000a");
    public static readonly Guid Budi = new("00000000-0000-0000-0000-00000000000b");
    public static readonly Guid Stranger = Guid.NewGuid();
    public static readonly Actor TeacherOfRecord = new(Teacher, "guru.a", TestEvents.SchoolId);
    public static readonly Actor OtherTeacher = new(Guid.NewGuid(), "guru.b", TestEvents.SchoolId);

    public static readonly string[] ObjectiveTexts =
        ["Menganalisis teks eksposisi", "Menulis teks argumentasi", "Menyimak teks anekdot", "Mempresentasikan hasil diskusi"];

    public static Gradebook New(int objectives = 4, int kktp = 70, Weights? weights = null) =>
        Gradebook.Create(new GradebookOpened(Id, Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Teacher,
            ObjectiveTexts.Take(objectives).Select((t, i) => LearningObjective.Numbered(i + 1, t)).ToList(), kktp, weights));

    public static SchoolClass Class()
    {
        var c = SchoolClass.Create(new ClassOpened(Guid.NewGuid(), Guid.NewGuid(), "X-1", 10, "E", null));
        c.Apply(new StudentEnrolled(Ani));
        c.Apply(new StudentEnrolled(Budi));
        return c;
    }

    /// <summary>The state after an accepted decision's events are stored.</summary>
    public static Gradebook Then(this Gradebook g, Decision d)
    {
        d.Status.ShouldBe(OutcomeStatus.Accepted, string.Join("; ", d.Errors.Select(e => e.Code)));
        return g.After(d.Events, "guru.a");
    }

    /// <summary>Records (or corrects, with a reason) scores through SaveScores, calculation included.</summary>
    public static Gradebook Scored(this Gradebook g, Guid student, params (string Assessment, int? Value)[] cells) =>
        g.Then(SaveScoresHandler.Decide(g, Class(), new SaveScores(Guid.NewGuid(), Id,
            [.. cells.Select(c => new ScoreEntry(student, c.Assessment, c.Value?.ToString(), g.Score(student, c.Assessment)?.Value))],
            "koreksi", TeacherOfRecord, EntrySource.Form)));

    /// <summary>Every TP and both SAS parts.</summary>
    public static Gradebook FullyScored(this Gradebook g, Guid student, int[] objectives, int sasTest, int sasNonTest) =>
        g.Scored(student, [.. objectives.Select((v, i) => ($"tp{i + 1}", (int?)v)), (Assessment.SemesterTest, sasTest), (Assessment.SemesterNonTest, sasNonTest)]);

    public static IEnumerable<object> Primary(this Decision d) => d.Events.Where(e => e is not ICalculatedEvent);

    /// <summary>The calculated results of type <typeparamref name="T"/>, taken out of the decision's batch.</summary>
    public static IEnumerable<T> Calculated<T>(this Decision d) where T : ICalculatedEvent =>
        d.Events.OfType<ResultsCalculated>().SelectMany(r => r.FinalGrades.Concat<ICalculatedEvent>(r.Achievements).Concat(r.Descriptions)).OfType<T>();

    /// <summary>A batch as the calculation appended it before <see cref="ResultsCalculated"/> existed: student by
    /// student, each student's final grade, tercapai and description as events of their own.</summary>
    public static IEnumerable<object> OncePerStudent(this ResultsCalculated r) =>
        r.FinalGrades.Select(x => x.StudentId).Concat(r.Achievements.Select(x => x.StudentId)).Concat(r.Descriptions.Select(x => x.StudentId))
            .Distinct().Order()
            .SelectMany(student => r.FinalGrades.Where(x => x.StudentId == student).Cast<object>()
                .Concat(r.Achievements.Where(x => x.StudentId == student))
                .Concat(r.Descriptions.Where(x => x.StudentId == student)));

    public static IEnumerable<string> Codes(this Decision d) => d.Errors.Select(e => e.Code);
}
