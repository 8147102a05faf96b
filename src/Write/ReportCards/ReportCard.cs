using JasperFx.Events;

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

/// <summary>Who last changed a part of a report card (user name) and when, from the event's metadata: what a conflict
/// tells the sender besides the value now. Also who locked a class's grades and when (<see cref="Grading.GradebookLocked.Lock"/>).</summary>
public sealed record ChangeStamp(string By, DateTimeOffset At);

/// <summary><see cref="Before"/>: the days it replaced, so that a history can show what changed; null for a first entry, and in an
/// event stored before that was kept.</summary>
public sealed record AttendanceRecorded(int Sick, int Permitted, int Unexcused, Attendance? Before = null);

public sealed record ExtracurricularAdded(Guid EntryId, int Number, string Activity, string? Predicate, string Description);

/// <summary><see cref="Before"/>: the line it replaced, so that a history can show what changed word by word; null in an event stored
/// before that was kept.</summary>
public sealed record ExtracurricularRevised(Guid EntryId, int Number, string Activity, string? Predicate, string Description, Extracurricular? Before = null);

/// <summary><see cref="Activity"/>: what was removed, for the history.</summary>
public sealed record ExtracurricularRemoved(Guid EntryId, string Activity);

/// <summary>An empty text clears it. <see cref="Before"/>: the text it replaced (empty: none), so that a history can show what
/// changed word by word; null in an event stored before that was kept.</summary>
public sealed record KokurikulerWritten(string Text, string? Before = null);

/// <summary>Catatan wali kelas; an empty text clears it. <see cref="Before"/> as <see cref="KokurikulerWritten.Before"/>.</summary>
public sealed record HomeroomNoteWritten(string Text, string? Before = null);

/// <summary><see cref="Before"/>: the decision it replaced, so that a history can show what changed; null for a first decision, and
/// in an event stored before that was kept.</summary>
public sealed record PromotionDecided(string Kind, string Wording, Promotion? Before = null);

/// <summary>The decision withdrawn. <see cref="Before"/>: the decision it withdrew; null in an event stored before that was kept.</summary>
public sealed record PromotionCleared(Promotion? Before = null);

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

    // Who last changed each part and when. Null for a part never changed, or last changed before the card kept this
    // (a snapshot stored before it; rebuilding the snapshots fills them in).
    public ChangeStamp? AttendanceChanged { get; set; }
    public Dictionary<Guid, ChangeStamp> ExtracurricularsChanged { get; set; } = [];
    public ChangeStamp? KokurikulerChanged { get; set; }
    public ChangeStamp? HomeroomNoteChanged { get; set; }
    public ChangeStamp? PromotionChanged { get; set; }

    private static ChangeStamp Stamp(IEvent e) => new(e.UserName ?? "", e.Timestamp);

    public void Apply(IEvent<AttendanceRecorded> e)
    {
        Attendance = new Attendance(e.Data.Sick, e.Data.Permitted, e.Data.Unexcused);
        AttendanceChanged = Stamp(e);
    }

    public void Apply(IEvent<ExtracurricularAdded> e)
    {
        var x = e.Data;
        Extracurriculars.Add(new Extracurricular(x.EntryId, x.Number, x.Activity, x.Predicate, x.Description));
        LastExtracurricularNumber = Math.Max(LastExtracurricularNumber, x.Number);
        ExtracurricularsChanged[x.EntryId] = Stamp(e);
    }

    public void Apply(IEvent<ExtracurricularRevised> e)
    {
        var x = e.Data;
        var i = Extracurriculars.FindIndex(line => line.EntryId == x.EntryId);
        if (i < 0)
            return;
        Extracurriculars[i] = new Extracurricular(x.EntryId, x.Number, x.Activity, x.Predicate, x.Description);
        ExtracurricularsChanged[x.EntryId] = Stamp(e);
    }

    public void Apply(ExtracurricularRemoved e)
    {
        Extracurriculars.RemoveAll(x => x.EntryId == e.EntryId);
        ExtracurricularsChanged.Remove(e.EntryId);
    }

    public void Apply(IEvent<KokurikulerWritten> e)
    {
        Kokurikuler = e.Data.Text;
        KokurikulerChanged = Stamp(e);
    }

    public void Apply(IEvent<HomeroomNoteWritten> e)
    {
        HomeroomNote = e.Data.Text;
        HomeroomNoteChanged = Stamp(e);
    }

    public void Apply(IEvent<PromotionDecided> e)
    {
        Promotion = new Promotion(e.Data.Kind, e.Data.Wording);
        PromotionChanged = Stamp(e);
    }

    public void Apply(IEvent<PromotionCleared> e)
    {
        Promotion = null;
        PromotionChanged = Stamp(e);
    }

    public void Apply(ReportCardLocked e) => Locked = true;

    public void Apply(ReportCardUnlocked e) => Locked = false;

    // Changes nothing a decision reads, but a stream whose only events are prints must still get its snapshot,
    // or the next print would take the card for new and try to start its stream again.
    public void Apply(ReportCardPrinted e) { }

    public Extracurricular? FindExtracurricular(Guid entryId) => Extracurriculars.FirstOrDefault(x => x.EntryId == entryId);
}
