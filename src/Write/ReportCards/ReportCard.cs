namespace ERaport.Write.ReportCards;

/// <summary>Ketidakhadiran in days.</summary>
public sealed record Attendance(int Sick, int Permitted, int Unexcused)
{
    public static readonly Attendance None = new(0, 0, 0);
}

/// <summary>One extracurricular line of the report; <see cref="Number"/> keeps the order it was added in.</summary>
public sealed record Extracurricular(Guid EntryId, int Number, string Activity, string? Predicate, string Description);

/// <summary>The semester-2 decision: <see cref="Kind"/> is one of <see cref="PromotionKinds"/>, <see cref="Wording"/>
/// what the report prints ("Naik ke kelas XI").</summary>
public sealed record Promotion(string Kind, string Wording);

public sealed record AttendanceRecorded(int Sick, int Permitted, int Unexcused);

public sealed record ExtracurricularAdded(Guid EntryId, int Number, string Activity, string? Predicate, string Description);

public sealed record ExtracurricularRevised(Guid EntryId, int Number, string Activity, string? Predicate, string Description);

/// <summary><see cref="Activity"/>: what was removed, for the history.</summary>
public sealed record ExtracurricularRemoved(Guid EntryId, string Activity);

/// <summary>An empty text clears it.</summary>
public sealed record KokurikulerWritten(string Text);

/// <summary>Catatan wali kelas; an empty text clears it.</summary>
public sealed record HomeroomNoteWritten(string Text);

public sealed record PromotionDecided(string Kind, string Wording);

public sealed record PromotionCleared;

/// <summary>What the homeroom teacher (wali kelas) adds to one student's report card in one term. What every
/// homeroom decision sees; the stream key names school, term and student.</summary>
public sealed class ReportCard
{
    public string Id { get; set; } = "";
    public Attendance Attendance { get; set; } = Attendance.None;
    public List<Extracurricular> Extracurriculars { get; set; } = [];

    /// <summary>The highest entry number ever given, so that order survives removals.</summary>
    public int LastExtracurricularNumber { get; set; }

    public string Kokurikuler { get; set; } = "";
    public string HomeroomNote { get; set; } = "";
    public Promotion? Promotion { get; set; }
    public bool Locked { get; set; }

    public void Apply(AttendanceRecorded e) => Attendance = new Attendance(e.Sick, e.Permitted, e.Unexcused);

    public void Apply(ExtracurricularAdded e)
    {
        Extracurriculars.Add(new Extracurricular(e.EntryId, e.Number, e.Activity, e.Predicate, e.Description));
        LastExtracurricularNumber = Math.Max(LastExtracurricularNumber, e.Number);
    }

    public void Apply(ExtracurricularRevised e)
    {
        var i = Extracurriculars.FindIndex(x => x.EntryId == e.EntryId);
        if (i >= 0)
            Extracurriculars[i] = new Extracurricular(e.EntryId, e.Number, e.Activity, e.Predicate, e.Description);
    }

    public void Apply(ExtracurricularRemoved e) => Extracurriculars.RemoveAll(x => x.EntryId == e.EntryId);

    public void Apply(KokurikulerWritten e) => Kokurikuler = e.Text;

    public void Apply(HomeroomNoteWritten e) => HomeroomNote = e.Text;

    public void Apply(PromotionDecided e) => Promotion = new Promotion(e.Kind, e.Wording);

    public void Apply(PromotionCleared e) => Promotion = null;

    public void Apply(ReportCardLocked e) => Locked = true;

    public void Apply(ReportCardUnlocked e) => Locked = false;

    // Changes nothing a decision reads, but a stream whose only events are prints must still get its snapshot,
    // or the next print would take the card for new and try to start its stream again.
    public void Apply(ReportCardPrinted e) { }

    public Extracurricular? FindExtracurricular(Guid entryId) => Extracurriculars.FirstOrDefault(x => x.EntryId == entryId);
}
