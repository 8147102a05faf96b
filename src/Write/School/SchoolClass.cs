namespace ERaport.Write.School;

/// <summary>A rombongan belajar in one term, with its roster: what grade decisions check students against.</summary>
public sealed class SchoolClass
{
    public string Id { get; set; } = "";
    public Guid TermId { get; set; }
    public string Name { get; set; } = "";
    public Guid? HomeroomTeacherId { get; set; }
    public HashSet<Guid> StudentIds { get; set; } = [];

    public static SchoolClass Create(ClassOpened e) =>
        new() { TermId = e.TermId, Name = e.Name, HomeroomTeacherId = e.HomeroomTeacherId };

    public void Apply(StudentEnrolled e) => StudentIds.Add(e.StudentId);
}
