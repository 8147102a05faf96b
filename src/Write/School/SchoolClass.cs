namespace ERaport.Write.School;

/// <summary>A rombongan belajar in one term, with its roster: what grade decisions check students against.</summary>
public sealed class SchoolClass
{
    public string Id { get; set; } = "";
    private Guid _classId;

    /// <summary>Snapshots stored before this property existed read it from the stream key.</summary>
    public Guid ClassId { get => _classId != Guid.Empty ? _classId : MasterData.IdOf(Id); set => _classId = value; }
    public Guid TermId { get; set; }
    public string Name { get; set; } = "";
    public int Level { get; set; }
    public string Phase { get; set; } = "";
    public Guid? HomeroomTeacherId { get; set; }
    public HashSet<Guid> StudentIds { get; set; } = [];

    public static SchoolClass Create(ClassOpened e) =>
        new() { ClassId = e.ClassId, TermId = e.TermId, Name = e.Name, Level = e.Level, Phase = e.Phase, HomeroomTeacherId = e.HomeroomTeacherId };

    public void Apply(StudentEnrolled e) => StudentIds.Add(e.StudentId);

    public void Apply(StudentMovedIn e) => StudentIds.Add(e.StudentId);

    public void Apply(StudentMovedOut e) => StudentIds.Remove(e.StudentId);

    public void Apply(StudentWithdrawn e) => StudentIds.Remove(e.StudentId);

    public void Apply(ClassUpdated e) => (Name, Level, Phase, HomeroomTeacherId) = (e.Name, e.Level, e.Phase, e.HomeroomTeacherId);
}
