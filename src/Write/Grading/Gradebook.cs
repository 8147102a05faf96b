using System.Collections.Concurrent;
using System.Reflection;
using System.Text.RegularExpressions;
using JasperFx.Events;

namespace ERaport.Write.Grading;

/// <summary>One teaching assignment (class × subject × term): its TPs, weights and KKTP, every score, the
/// teacher's overrides, marks and edited descriptions, and what the calculation last reported. What every
/// grading decision sees.</summary>
public sealed class Gradebook
{
    public const int DefaultKktp = 70;

    public string Id { get; set; } = "";
    public Guid TermId { get; set; }
    public Guid ClassId { get; set; }
    public Guid SubjectId { get; set; }
    public Guid TeacherId { get; set; }

    /// <summary>The grid's columns: the TPs in order, STS when weighted, then SAS tes and non-tes. The TPs
    /// are kept here only (see <see cref="LearningObjectives"/>), so snapshots never disagree with themselves.</summary>
    public List<Assessment> Assessments { get; set; } = [];

    /// <summary>The highest TP number ever given; numbers of removed TPs are never reused, so the history of
    /// "tp3" always means one TP.</summary>
    public int LastObjectiveNumber { get; set; }

    public Weights Weights { get; set; } = Weights.Default;

    /// <summary>Kriteria ketercapaian tujuan pembelajaran: a TP score at or above it counts as achieved.</summary>
    public int Kktp { get; set; } = DefaultKktp;

    public DescriptionStyle DescriptionStyle { get; set; }

    /// <summary>Current score per cell, keyed by <see cref="CellKey"/>.</summary>
    public Dictionary<string, ScoreCell> Scores { get; set; } = [];

    public Dictionary<Guid, FinalGradeOverride> Overrides { get; set; } = [];

    /// <summary>Tercapai set by hand: student → TP key → achieved.</summary>
    public Dictionary<Guid, Dictionary<string, bool>> Marks { get; set; } = [];

    public Dictionary<Guid, EditedDescription> EditedDescriptions { get; set; } = [];

    /// <summary>Locked with its class (kunci nilai): teachers' changes are refused; a correction is then a
    /// request the principal approves.</summary>
    public bool Locked { get; set; }

    // What the calculation last reported, so that a decision emits only what changes.
    public Dictionary<Guid, FinalGradeResult> FinalGrades { get; set; } = [];
    public Dictionary<Guid, Dictionary<string, Achievement>> Achievements { get; set; } = [];
    public Dictionary<Guid, string> GeneratedDescriptions { get; set; } = [];

    public static string CellKey(Guid studentId, string assessment) =>
        string.Create(33 + assessment.Length, (studentId, assessment), static (key, cell) => WriteCellKey(key, cell.studentId, cell.assessment));

    /// <summary>The student's id in 32 hex digits, a colon, the assessment's key.</summary>
    private static void WriteCellKey(Span<char> key, Guid studentId, string assessment)
    {
        studentId.TryFormat(key, out _, "N");
        key[32] = ':';
        assessment.CopyTo(key[33..]);
    }

    /// <summary>The cell's score, looked up by a key formatted on the stack: a column save looks up hundreds of cells,
    /// and their key strings were 7 % of the app's allocations under sheet saves (docs/benchmarks.md).</summary>
    public ScoreCell? Score(Guid studentId, string assessment)
    {
        if (assessment.Length > MaxStackKey || !Scores.TryGetAlternateLookup<ReadOnlySpan<char>>(out var cells))
            return Scores.GetValueOrDefault(CellKey(studentId, assessment));
        Span<char> key = stackalloc char[33 + assessment.Length];
        WriteCellKey(key, studentId, assessment);
        return cells.TryGetValue(key, out var cell) ? cell : null;
    }

    private const int MaxStackKey = 64;

    public IReadOnlyList<LearningObjective> LearningObjectives() =>
        [.. Assessments.Where(a => Assessment.IsObjective(a.Key)).Select(a => new LearningObjective(a.Key, a.Label, a.Description))];

    public LearningObjective? FindObjective(string? key) => LearningObjectives().FirstOrDefault(o => o.Key == key);

    public int NextObjectiveNumber() =>
        Math.Max(LastObjectiveNumber, LearningObjectives().Select(o => Grading.LearningObjective.NumberOf(o.Key)).DefaultIfEmpty(0).Max()) + 1;

    public bool? Mark(Guid studentId, string objective) =>
        Marks.GetValueOrDefault(studentId)?.TryGetValue(objective, out var achieved) == true ? achieved : null;

    /// <summary>Every student this gradebook knows anything about.</summary>
    public IReadOnlyList<Guid> Students() =>
    [
        .. Scores.Keys.Select(k => Guid.ParseExact(k.AsSpan(0, 32), "N"))
            .Concat(Overrides.Keys).Concat(Marks.Keys).Concat(EditedDescriptions.Keys)
            .Concat(FinalGrades.Keys).Concat(Achievements.Keys).Concat(GeneratedDescriptions.Keys)
            .Distinct().Order(),
    ];

    public static Gradebook Create(GradebookOpened e)
    {
        var weights = e.Weights ?? Weights.Default;
        return new()
        {
            TermId = e.TermId,
            ClassId = e.ClassId,
            SubjectId = e.SubjectId,
            TeacherId = e.TeacherId,
            Weights = weights,
            Kktp = e.Kktp,
            Assessments = Assessment.For(e.LearningObjectives, weights.HasMidSemester),
            LastObjectiveNumber = e.LearningObjectives.Select(o => Grading.LearningObjective.NumberOf(o.Key)).DefaultIfEmpty(0).Max(),
        };
    }

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

    public void Apply(LearningObjectiveAdded e)
    {
        Assessments = Assessment.For([.. LearningObjectives(), e.Objective], Weights.HasMidSemester);
        LastObjectiveNumber = Math.Max(LastObjectiveNumber, Grading.LearningObjective.NumberOf(e.Objective.Key));
    }

    public void Apply(LearningObjectiveRevised e) =>
        Assessments = Assessment.For(LearningObjectives().Select(o => o.Key == e.Objective.Key ? e.Objective : o), Weights.HasMidSemester);

    public void Apply(LearningObjectiveRemoved e)
    {
        var key = e.Objective.Key;
        LastObjectiveNumber = Math.Max(LastObjectiveNumber, Grading.LearningObjective.NumberOf(key));
        Assessments = Assessment.For(LearningObjectives().Where(o => o.Key != key), Weights.HasMidSemester);
        foreach (var cell in Scores.Keys.Where(k => k.EndsWith(":" + key, StringComparison.Ordinal)).ToList())
            Scores.Remove(cell);
        foreach (var marks in Marks.Values)
            marks.Remove(key);
    }

    public void Apply(GradingSchemeChanged e)
    {
        Weights = e.Weights;
        Kktp = e.Kktp;
        DescriptionStyle = e.DescriptionStyle;
        Assessments = Assessment.For(LearningObjectives(), e.Weights.HasMidSemester);
    }

    public void Apply(IEvent<FinalGradeOverridden> e) =>
        Overrides[e.Data.StudentId] = new FinalGradeOverride(e.Data.Value, e.Data.Reason, e.UserName ?? "", e.Timestamp);

    public void Apply(FinalGradeOverrideCleared e) => Overrides.Remove(e.StudentId);

    public void Apply(AchievementMarked e)
    {
        if (e.Achieved is { } achieved)
        {
            if (!Marks.TryGetValue(e.StudentId, out var marks))
                Marks[e.StudentId] = marks = [];
            marks[e.Objective] = achieved;
        }
        else if (Marks.TryGetValue(e.StudentId, out var marks))
        {
            marks.Remove(e.Objective);
            if (marks.Count == 0)
                Marks.Remove(e.StudentId);
        }
    }

    public void Apply(DescriptionEdited e) => EditedDescriptions[e.StudentId] = new EditedDescription(e.Text, e.Generated);

    public void Apply(DescriptionReset e) => EditedDescriptions.Remove(e.StudentId);

    public void Apply(ResultsCalculated e)
    {
        foreach (var grade in e.FinalGrades)
            Apply(grade);
        foreach (var achievements in e.Achievements)
            Apply(achievements);
        foreach (var description in e.Descriptions)
            Apply(description);
    }

    public void Apply(FinalGradeCalculated e) =>
        FinalGrades[e.StudentId] = new FinalGradeResult(e.Value, e.Complete, e.SlmMean, e.Sas, e.Sts);

    public void Apply(AchievementsCalculated e)
    {
        if (!Achievements.TryGetValue(e.StudentId, out var achievements))
            Achievements[e.StudentId] = achievements = [];
        foreach (var o in e.Objectives)
        {
            if (o.Achieved is { } achieved)
                achievements[o.Objective] = new Achievement(achieved, o.ByHand);
            else
                achievements.Remove(o.Objective);
        }
        if (achievements.Count == 0)
            Achievements.Remove(e.StudentId);
    }

    public void Apply(DescriptionGenerated e)
    {
        if (e.Text.Length == 0)
            GeneratedDescriptions.Remove(e.StudentId);
        else
            GeneratedDescriptions[e.StudentId] = e.Text;
    }

    public void Apply(GradebookReassigned e) => TeacherId = e.ToTeacherId;

    public void Apply(GradebookLocked e) => Locked = true;

    public void Apply(GradebookUnlocked e) => Locked = false;

    /// <summary>The state as it will be once <paramref name="events"/> are stored: a copy, because the
    /// loaded aggregate belongs to Marten's identity map and decisions never change it.</summary>
    public Gradebook After(IEnumerable<object> events, string userName)
    {
        var copy = Copy();
        foreach (var data in events)
            Appliers.GetOrAdd(data.GetType(), FindApplier)(copy, data, userName);
        return copy;
    }

    /// <summary>A copy that no Apply can reach the original through: the collections Apply changes in place are
    /// copied (inner dictionaries too); everything else is immutable or only ever replaced whole.</summary>
    private Gradebook Copy() => new()
    {
        Id = Id,
        TermId = TermId,
        ClassId = ClassId,
        SubjectId = SubjectId,
        TeacherId = TeacherId,
        Assessments = Assessments,
        LastObjectiveNumber = LastObjectiveNumber,
        Weights = Weights,
        Kktp = Kktp,
        DescriptionStyle = DescriptionStyle,
        Scores = new(Scores),
        Overrides = new(Overrides),
        Marks = Marks.ToDictionary(m => m.Key, m => new Dictionary<string, bool>(m.Value)),
        EditedDescriptions = new(EditedDescriptions),
        Locked = Locked,
        FinalGrades = new(FinalGrades),
        Achievements = Achievements.ToDictionary(a => a.Key, a => new Dictionary<string, Achievement>(a.Value)),
        GeneratedDescriptions = new(GeneratedDescriptions),
    };

    private static readonly ConcurrentDictionary<Type, Action<Gradebook, object, string>> Appliers = new();

    // The same public Apply methods Marten's source generator calls, found once per event type.
    private static Action<Gradebook, object, string> FindApplier(Type type)
    {
        var wrapped = typeof(IEvent<>).MakeGenericType(type);
        var apply = typeof(Gradebook).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(m => m.Name == nameof(Apply) && m.GetParameters() is [var p] && (p.ParameterType == type || p.ParameterType == wrapped));
        if (apply is null)
            return (_, _, _) => { };
        if (apply.GetParameters()[0].ParameterType == type)
            return (g, data, _) => apply.Invoke(g, [data]);
        var envelope = typeof(Event<>).MakeGenericType(type);
        return (g, data, userName) =>
        {
            var e = (IEvent)Activator.CreateInstance(envelope, data)!;
            e.UserName = userName;
            apply.Invoke(g, [e]);
        };
    }
}

public sealed record ScoreCell(int Value, string ChangedBy, DateTimeOffset ChangedAt);

public sealed record FinalGradeOverride(int Value, string Reason, string ChangedBy, DateTimeOffset ChangedAt);

/// <summary>A teacher's own description, with the generated one it replaced (to tell when that changes).</summary>
public sealed record EditedDescription(string Text, string Generated);

public sealed record Achievement(bool Achieved, bool ByHand);

/// <summary>A column of the score grid: one per learning objective (sumatif lingkup materi), the
/// mid-semester test when the weights count it, and the two parts of the end-of-semester test.</summary>
public sealed record Assessment(string Key, string Label, string Description)
{
    public const string MidSemesterTest = "sts";
    public const string SemesterTest = "sas-tes";
    public const string SemesterNonTest = "sas-nontes";

    public static bool IsObjective(string key) => key.StartsWith(Grading.LearningObjective.KeyPrefix, StringComparison.Ordinal);

    public static List<Assessment> For(IEnumerable<LearningObjective> objectives, bool midSemester = false) =>
    [
        .. objectives.Select(o => new Assessment(o.Key, o.Code, o.Description)),
        .. midSemester ? [new Assessment(MidSemesterTest, "STS", "Sumatif tengah semester")] : Array.Empty<Assessment>(),
        new(SemesterTest, "SAS Tes", "Sumatif akhir semester: tes"),
        new(SemesterNonTest, "SAS Non-tes", "Sumatif akhir semester: non-tes"),
    ];
}

/// <summary>A tujuan pembelajaran (TP) of a teaching assignment: key "tp3", code "TP3".</summary>
public sealed partial record LearningObjective(string Key, string Code, string Description)
{
    public const string KeyPrefix = "tp";
    public const int MaxLength = 1000;

    public static LearningObjective Numbered(int number, string description) => new($"{KeyPrefix}{number}", $"TP{number}", description);

    /// <summary>A line of an ATP list as a TP's text: trimmed, without the list's numbering or bullet ("1.", "2)", "10.2",
    /// "TP 4:", "a.", "•", "-"), which the rapor's description would otherwise quote ("dalam 1. Menganalisis …").</summary>
    public static string FromListLine(string line) => ListMarker().Replace(line.Trim(), "");

    [GeneratedRegex(@"^(?:\d{1,2}(?:\.\d{1,2})+\.?|\d{1,2}[.)]|[A-Za-z][.)]|TP ?\d{1,2}(?:\.\d{1,2})*[.:)]?|[-–•*·▪●])(?:\s+|$)")]
    private static partial Regex ListMarker();

    public static int NumberOf(string key) =>
        key.StartsWith(KeyPrefix, StringComparison.Ordinal) && int.TryParse(key.AsSpan(KeyPrefix.Length), out var n) ? n : 0;
}
