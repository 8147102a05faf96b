namespace ERaport.Write.School;

/// <summary>A peserta didik, independent of the class they sit in this term. Holds what the decisions
/// compare: NISN and NIS are unique in the school, and an update or import changes only what differs.</summary>
public sealed class Student
{
    public string Id { get; set; } = "";
    private Guid _studentId;

    /// <summary>Snapshots stored before this property existed read it from the stream key.</summary>
    public Guid StudentId { get => _studentId != Guid.Empty ? _studentId : MasterData.IdOf(Id); set => _studentId = value; }
    public string Name { get; set; } = "";
    public string Nisn { get; set; } = "";
    public string Nis { get; set; } = "";
    public string Sex { get; set; } = "";
    public string? BirthPlace { get; set; }
    public DateOnly? BirthDate { get; set; }
    public string? Religion { get; set; }
    public string? Address { get; set; }
    public string? FatherName { get; set; }
    public string? MotherName { get; set; }
    public string? GuardianName { get; set; }

    public StudentData Data => new(Name, Nisn, Nis, Sex, BirthPlace, BirthDate, Religion, Address, FatherName, MotherName, GuardianName);

    public static Student Create(StudentRegistered e)
    {
        var s = new Student { StudentId = e.StudentId };
        s.Set(new StudentData(e.Name, e.Nisn, e.Nis, e.Sex, e.BirthPlace, e.BirthDate, e.Religion, e.Address, e.FatherName, e.MotherName, e.GuardianName));
        return s;
    }

    public void Apply(StudentUpdated e) => Set(e.Data);

    private void Set(StudentData d)
    {
        (Name, Nisn, Nis, Sex, BirthPlace, BirthDate, Religion) = (d.Name, d.Nisn, d.Nis, d.Sex, d.BirthPlace, d.BirthDate, d.Religion);
        (Address, FatherName, MotherName, GuardianName) = (d.Address, d.FatherName, d.MotherName, d.GuardianName);
    }
}
