namespace ERaport.Write.School;

/// <summary>A mata pelajaran as the school teaches it.</summary>
public sealed class Subject
{
    public string Id { get; set; } = "";
    private Guid _subjectId;

    /// <summary>Snapshots stored before this property existed read it from the stream key.</summary>
    public Guid SubjectId { get => _subjectId != Guid.Empty ? _subjectId : MasterData.IdOf(Id); set => _subjectId = value; }
    public string Name { get; set; } = "";
    public string Code { get; set; } = "";
    public string Group { get; set; } = "";
    public int Order { get; set; }
    public bool IsReligion { get; set; }

    /// <summary>Whose cards print a religion subject; null in subjects stored before it existed.</summary>
    public string? Religion { get; set; }

    /// <summary>The criterion a new gradebook of this subject starts with.</summary>
    public int Kktp { get; set; } = 70;

    public static Subject Create(SubjectAdded e) =>
        new() { SubjectId = e.SubjectId, Name = e.Name, Code = e.Code, Group = e.Group, Order = e.Order, IsReligion = e.IsReligion, Kktp = e.Kktp, Religion = e.Religion };

    public void Apply(SubjectUpdated e) =>
        (Name, Code, Group, Order, IsReligion, Kktp, Religion) = (e.Name, e.Code, e.Group, e.Order, e.IsReligion, e.Kktp, e.Religion);
}
