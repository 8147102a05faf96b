using JasperFx.Events;

namespace ERaport.Write.Grading;

/// <summary>One teaching assignment's scores (class × subject × term): what every grading decision sees.</summary>
public sealed class Gradebook
{
    public string Id { get; set; } = "";
    public Guid TermId { get; set; }
    public Guid ClassId { get; set; }
    public Guid SubjectId { get; set; }
    public Guid TeacherId { get; set; }
    public List<Assessment> Assessments { get; set; } = [];

    /// <summary>Current score per cell, keyed by <see cref="CellKey"/>.</summary>
    public Dictionary<string, ScoreCell> Scores { get; set; } = [];

    public static string CellKey(Guid studentId, string assessment) => $"{studentId:N}:{assessment}";

    public ScoreCell? Score(Guid studentId, string assessment) => Scores.GetValueOrDefault(CellKey(studentId, assessment));

    public static Gradebook Create(GradebookOpened e) => new()
    {
        TermId = e.TermId,
        ClassId = e.ClassId,
        SubjectId = e.SubjectId,
        TeacherId = e.TeacherId,
        Assessments = Assessment.For(e.LearningObjectives),
    };

    public void Apply(IEvent<ScoresRecorded> e)
    {
        foreach (var s in e.Data.Scores)
            Scores[CellKey(s.StudentId, s.Assessment)] = new ScoreCell(s.Value, e.UserName ?? "", e.Timestamp);
    }

    public void Apply(IEvent<ScoreCorrected> e)
    {
        var key = CellKey(e.Data.StudentId, e.Data.Assessment);
        if (e.Data.After is { } value)
            Scores[key] = new ScoreCell(value, e.UserName ?? "", e.Timestamp);
        else
            Scores.Remove(key);
    }
}

public sealed record ScoreCell(int Value, string ChangedBy, DateTimeOffset ChangedAt);

/// <summary>A column of the score grid: one per learning objective (sumatif lingkup materi) plus the two
/// parts of the end-of-semester test.</summary>
public sealed record Assessment(string Key, string Label, string Description)
{
    public const string SemesterTest = "sas-tes";
    public const string SemesterNonTest = "sas-nontes";

    public static List<Assessment> For(IEnumerable<LearningObjective> objectives) =>
    [
        .. objectives.Select(o => new Assessment(o.Key, o.Code, o.Description)),
        new(SemesterTest, "SAS Tes", "Sumatif akhir semester: tes"),
        new(SemesterNonTest, "SAS Non-tes", "Sumatif akhir semester: non-tes"),
    ];
}

/// <summary>A tujuan pembelajaran (TP) of a teaching assignment.</summary>
public sealed record LearningObjective(string Key, string Code, string Description);
